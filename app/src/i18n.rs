//! The translation layer: every string a person reads comes from here.
//!
//! Messages are an enum and each language is one exhaustive `match`, so a message missing in
//! Slovenian or English is a compile error rather than a blank on a page. (We chose this over
//! leptos_i18n's JSON files: the compiler checks completeness, there is no build script, and
//! validation errors can travel from server to browser as plain enum values.)

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Slovenian is the city's language and the default.
    #[default]
    Sl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sl => "sl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sl" => Some(Lang::Sl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, as shown in the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sl => "Slovenščina",
            Lang::En => "English",
        }
    }

    /// Picks a language: the `lang` cookie wins, then the first supported `Accept-Language`.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = cookie.and_then(Lang::from_code) {
            return lang;
        }
        let mut ranged: Vec<(f32, Lang)> = accept_language
            .unwrap_or("")
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let tag = it.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::from_code(primary)?;
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        // A stable sort keeps the header's order among equal weights.
        ranged.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        ranged.first().map(|(_, l)| *l).unwrap_or_default()
    }
}

/// The current language, provided once by the app shell.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Translates a message into the current language.
pub fn tr(msg: Msg) -> &'static str {
    t(use_lang(), msg)
}

/// Things that are counted on pages; each has singular and plural forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Ideas,
    Arguments,
    Comments,
    VotesFor,
    VotesAgainst,
}

/// Slovenian has four plural forms (by the last two digits): 1, 2, 3–4 and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralForm {
    One,
    Two,
    Few,
    Other,
}

pub fn plural_form(lang: Lang, n: i64) -> PluralForm {
    let n = n.unsigned_abs();
    match lang {
        Lang::En if n == 1 => PluralForm::One,
        Lang::En => PluralForm::Other,
        Lang::Sl => match n % 100 {
            1 => PluralForm::One,
            2 => PluralForm::Two,
            3 | 4 => PluralForm::Few,
            _ => PluralForm::Other,
        },
    }
}

/// "3 ideas" / "3 ideje".
pub fn count(lang: Lang, what: Counted, n: i64) -> String {
    use Counted::*;
    use PluralForm::*;
    let form = plural_form(lang, n);
    let word = match (lang, what, form) {
        (Lang::En, Ideas, One) => "idea",
        (Lang::En, Ideas, _) => "ideas",
        (Lang::En, Arguments, One) => "argument",
        (Lang::En, Arguments, _) => "arguments",
        (Lang::En, Comments, One) => "comment",
        (Lang::En, Comments, _) => "comments",
        (Lang::En, VotesFor, One) => "vote for",
        (Lang::En, VotesFor, _) => "votes for",
        (Lang::En, VotesAgainst, One) => "vote against",
        (Lang::En, VotesAgainst, _) => "votes against",
        (Lang::Sl, Ideas, One) => "ideja",
        (Lang::Sl, Ideas, Two) => "ideji",
        (Lang::Sl, Ideas, Few) => "ideje",
        (Lang::Sl, Ideas, Other) => "idej",
        (Lang::Sl, Arguments, One) => "argument",
        (Lang::Sl, Arguments, Two) => "argumenta",
        (Lang::Sl, Arguments, Few) => "argumenti",
        (Lang::Sl, Arguments, Other) => "argumentov",
        (Lang::Sl, Comments, One) => "komentar",
        (Lang::Sl, Comments, Two) => "komentarja",
        (Lang::Sl, Comments, Few) => "komentarji",
        (Lang::Sl, Comments, Other) => "komentarjev",
        (Lang::Sl, VotesFor, One) => "glas za",
        (Lang::Sl, VotesFor, Two) => "glasova za",
        (Lang::Sl, VotesFor, Few) => "glasovi za",
        (Lang::Sl, VotesFor, Other) => "glasov za",
        (Lang::Sl, VotesAgainst, One) => "glas proti",
        (Lang::Sl, VotesAgainst, Two) => "glasova proti",
        (Lang::Sl, VotesAgainst, Few) => "glasovi proti",
        (Lang::Sl, VotesAgainst, Other) => "glasov proti",
    };
    format!("{n} {word}")
}

/// A date (Unix milliseconds, UTC) as people in each language write it.
pub fn format_date(lang: Lang, unix_ms: i64) -> String {
    let (y, m, d) = civil_from_days(unix_ms.div_euclid(86_400_000));
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Sl => format!("{d}. {m}. {y}"),
        Lang::En => format!("{d} {} {y}", EN_MONTHS[(m - 1) as usize]),
    }
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Every fixed string of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Msg {
    AppTagline,
    SkipToContent,
    MainNavigation,
    Home,
    LogIn,
    Register,
    LogOut,
    SignedInAs,
    Language,
    Breadcrumbs,
    Footer,
    FooterPrivacy,
    // Home and community pages
    HomeTitle,
    HomeIntro,
    Consultations,
    NoConsultations,
    // Group page
    Ideas,
    SortBy,
    SortRandom,
    SortTop,
    SortNew,
    SortDebated,
    ShowIdeas,
    PostIdea,
    NoIdeasYet,
    Pagination,
    PreviousPage,
    NextPage,
    PageNofM,
    Category,
    AllCategories,
    Status,
    // Statuses
    StatusOpen,
    StatusInProgress,
    StatusAdopted,
    StatusRejected,
    // Idea page
    PostedBy,
    OnDate,
    EditIdea,
    ArgumentsFor,
    ArgumentsAgainst,
    NoArgumentsYet,
    AddArgumentFor,
    AddArgumentAgainst,
    ArgumentText,
    ArgumentHint,
    PublishArgument,
    Helpful,
    NotHelpful,
    HelpfulnessOf,
    Comments,
    NoCommentsYet,
    AddComment,
    CommentText,
    PublishComment,
    LogInToTakePart,
    OfficialResponse,
    // Votes
    Endorse,
    Oppose,
    WithdrawVote,
    YouEndorsed,
    YouOpposed,
    VoteOnIdea,
    // Idea form
    NewIdeaTitle,
    EditIdeaTitle,
    IdeaTitle,
    IdeaTitleHint,
    IdeaDescription,
    IdeaDescriptionHint,
    NoCategory,
    Publish,
    SaveChanges,
    Cancel,
    // Accounts
    LogInTitle,
    RegisterTitle,
    Email,
    EmailHint,
    Password,
    PasswordHint,
    DisplayName,
    DisplayNameHint,
    NoAccountYet,
    HaveAccount,
    // Errors
    FormHasErrors,
    ErrRequired,
    ErrTitleTooLong,
    ErrDescriptionTooLong,
    ErrArgumentTooLong,
    ErrCommentTooLong,
    ErrNameTooLong,
    ErrEmailInvalid,
    ErrEmailTaken,
    ErrPasswordTooShort,
    ErrPasswordTooLong,
    ErrBadCredentials,
    ErrCategoryInvalid,
    ErrSideInvalid,
    ErrVoteInvalid,
    ErrNotFound,
    ErrForbidden,
    ErrLoginRequired,
    ErrRateLimited,
    ErrUnavailable,
    ErrInternal,
    ErrNetwork,
    ErrMalformedRequest,
    ErrTooLarge,
    PageNotFound,
    PageNotFoundText,
    BackHome,
}

/// The text of a message in a language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    match lang {
        Lang::En => en(msg),
        Lang::Sl => sl(msg),
    }
}

fn en(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        AppTagline => "Ideas, arguments and votes for a better city",
        SkipToContent => "Skip to main content",
        MainNavigation => "Main navigation",
        Home => "Home",
        LogIn => "Log in",
        Register => "Register",
        LogOut => "Log out",
        SignedInAs => "Signed in as",
        Language => "Language",
        Breadcrumbs => "Breadcrumbs",
        Footer => "Posvet — open-source participatory consultations",
        FooterPrivacy => "No trackers, no third-party content. Email addresses are never shown.",
        HomeTitle => "Public consultations",
        HomeIntro => "Propose ideas, argue for and against them, vote, and see what the city did with the result.",
        Consultations => "Consultations",
        NoConsultations => "There are no consultations yet.",
        Ideas => "Ideas",
        SortBy => "Sort by",
        SortRandom => "Random",
        SortTop => "Top",
        SortNew => "Newest",
        SortDebated => "Most debated",
        ShowIdeas => "Show",
        PostIdea => "Post an idea",
        NoIdeasYet => "No ideas yet. Be the first to post one.",
        Pagination => "Pages",
        PreviousPage => "Previous page",
        NextPage => "Next page",
        PageNofM => "Page",
        Category => "Category",
        AllCategories => "All categories",
        Status => "Status",
        StatusOpen => "Open",
        StatusInProgress => "In progress",
        StatusAdopted => "Adopted",
        StatusRejected => "Not adopted",
        PostedBy => "Posted by",
        OnDate => "on",
        EditIdea => "Edit idea",
        ArgumentsFor => "Arguments for",
        ArgumentsAgainst => "Arguments against",
        NoArgumentsYet => "No arguments yet.",
        AddArgumentFor => "Add an argument for",
        AddArgumentAgainst => "Add an argument against",
        ArgumentText => "Your argument",
        ArgumentHint => "Up to 500 characters.",
        PublishArgument => "Publish argument",
        Helpful => "Helpful",
        NotHelpful => "Not helpful",
        HelpfulnessOf => "Was this argument helpful?",
        Comments => "Comments",
        NoCommentsYet => "No comments yet.",
        AddComment => "Add a comment",
        CommentText => "Your comment",
        PublishComment => "Publish comment",
        LogInToTakePart => "Log in or register to vote, argue and comment.",
        OfficialResponse => "The city's response",
        Endorse => "Endorse",
        Oppose => "Oppose",
        WithdrawVote => "Withdraw my vote",
        YouEndorsed => "You endorse this idea.",
        YouOpposed => "You oppose this idea.",
        VoteOnIdea => "Your vote",
        NewIdeaTitle => "Post an idea",
        EditIdeaTitle => "Edit your idea",
        IdeaTitle => "Title",
        IdeaTitleHint => "Up to 60 characters.",
        IdeaDescription => "Description",
        IdeaDescriptionHint => "Markdown: **bold**, *italic*, lists and links. Up to 10,000 characters.",
        NoCategory => "No category",
        Publish => "Publish",
        SaveChanges => "Save changes",
        Cancel => "Cancel",
        LogInTitle => "Log in",
        RegisterTitle => "Create an account",
        Email => "Email",
        EmailHint => "Used only to log in. It is never shown to anyone.",
        Password => "Password",
        PasswordHint => "At least 10 characters.",
        DisplayName => "Public name",
        DisplayNameHint => "Shown next to what you post. Up to 40 characters.",
        NoAccountYet => "No account yet?",
        HaveAccount => "Already have an account?",
        FormHasErrors => "Please correct the marked fields.",
        ErrRequired => "This field is required.",
        ErrTitleTooLong => "The title can be at most 60 characters long.",
        ErrDescriptionTooLong => "The description can be at most 10,000 characters long.",
        ErrArgumentTooLong => "An argument can be at most 500 characters long.",
        ErrCommentTooLong => "A comment can be at most 2,000 characters long.",
        ErrNameTooLong => "The name can be at most 40 characters long.",
        ErrEmailInvalid => "Enter an email address such as name@example.org.",
        ErrEmailTaken => "An account with this email already exists. Log in instead.",
        ErrPasswordTooShort => "The password must be at least 10 characters long.",
        ErrPasswordTooLong => "The password can be at most 200 characters long.",
        ErrBadCredentials => "The email or password is not correct.",
        ErrCategoryInvalid => "Choose one of the listed categories.",
        ErrSideInvalid => "Choose whether the argument is for or against.",
        ErrVoteInvalid => "That vote is not possible.",
        ErrNotFound => "We could not find that. It may have been removed.",
        ErrForbidden => "You are not allowed to do that.",
        ErrLoginRequired => "Please log in first.",
        ErrRateLimited => "Too many attempts. Please wait a minute and try again.",
        ErrUnavailable => "The service is temporarily unavailable. Please try again shortly.",
        ErrInternal => "Something went wrong on our side. Nothing was saved; please try again.",
        ErrNetwork => "Could not reach the server. Check your connection and try again.",
        ErrMalformedRequest => "The request could not be read: a value is missing or malformed. Nothing was saved.",
        ErrTooLarge => "What you sent is too large (at most 256 KB). Nothing was saved.",
        PageNotFound => "Page not found",
        PageNotFoundText => "The page you are looking for does not exist.",
        BackHome => "Back to the home page",
    }
}

fn sl(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        AppTagline => "Ideje, argumenti in glasovi za boljše mesto",
        SkipToContent => "Skoči na glavno vsebino",
        MainNavigation => "Glavna navigacija",
        Home => "Domov",
        LogIn => "Prijava",
        Register => "Registracija",
        LogOut => "Odjava",
        SignedInAs => "Prijavljeni ste kot",
        Language => "Jezik",
        Breadcrumbs => "Drobtinice",
        Footer => "Posvet — odprtokodna platforma za javna posvetovanja",
        FooterPrivacy => "Brez sledilnikov in vsebin tretjih strani. E-poštni naslovi niso nikoli prikazani.",
        HomeTitle => "Javna posvetovanja",
        HomeIntro => "Predlagajte ideje, argumentirajte za in proti, glasujte in preverite, kaj je mesto naredilo z rezultati.",
        Consultations => "Posvetovanja",
        NoConsultations => "Posvetovanj še ni.",
        Ideas => "Ideje",
        SortBy => "Razvrsti po",
        SortRandom => "Naključno",
        SortTop => "Najbolje ocenjene",
        SortNew => "Najnovejše",
        SortDebated => "Največ razprave",
        ShowIdeas => "Prikaži",
        PostIdea => "Objavi idejo",
        NoIdeasYet => "Idej še ni. Bodite prvi, ki objavi idejo.",
        Pagination => "Strani",
        PreviousPage => "Prejšnja stran",
        NextPage => "Naslednja stran",
        PageNofM => "Stran",
        Category => "Kategorija",
        AllCategories => "Vse kategorije",
        Status => "Stanje",
        StatusOpen => "Odprta",
        StatusInProgress => "V izvajanju",
        StatusAdopted => "Sprejeta",
        StatusRejected => "Ni sprejeta",
        PostedBy => "Objavil(a)",
        OnDate => "dne",
        EditIdea => "Uredi idejo",
        ArgumentsFor => "Argumenti za",
        ArgumentsAgainst => "Argumenti proti",
        NoArgumentsYet => "Argumentov še ni.",
        AddArgumentFor => "Dodaj argument za",
        AddArgumentAgainst => "Dodaj argument proti",
        ArgumentText => "Vaš argument",
        ArgumentHint => "Največ 500 znakov.",
        PublishArgument => "Objavi argument",
        Helpful => "Koristen",
        NotHelpful => "Ni koristen",
        HelpfulnessOf => "Je bil ta argument koristen?",
        Comments => "Komentarji",
        NoCommentsYet => "Komentarjev še ni.",
        AddComment => "Dodaj komentar",
        CommentText => "Vaš komentar",
        PublishComment => "Objavi komentar",
        LogInToTakePart => "Za glasovanje, argumente in komentarje se prijavite ali registrirajte.",
        OfficialResponse => "Odziv mesta",
        Endorse => "Podpiram",
        Oppose => "Ne podpiram",
        WithdrawVote => "Umakni moj glas",
        YouEndorsed => "To idejo podpirate.",
        YouOpposed => "Te ideje ne podpirate.",
        VoteOnIdea => "Vaš glas",
        NewIdeaTitle => "Objavi idejo",
        EditIdeaTitle => "Uredite svojo idejo",
        IdeaTitle => "Naslov",
        IdeaTitleHint => "Največ 60 znakov.",
        IdeaDescription => "Opis",
        IdeaDescriptionHint => "Markdown: **krepko**, *ležeče*, seznami in povezave. Največ 10.000 znakov.",
        NoCategory => "Brez kategorije",
        Publish => "Objavi",
        SaveChanges => "Shrani spremembe",
        Cancel => "Prekliči",
        LogInTitle => "Prijava",
        RegisterTitle => "Ustvarite račun",
        Email => "E-pošta",
        EmailHint => "Uporablja se le za prijavo. Nikoli ni prikazana nikomur.",
        Password => "Geslo",
        PasswordHint => "Vsaj 10 znakov.",
        DisplayName => "Javno ime",
        DisplayNameHint => "Prikazano ob vaših objavah. Največ 40 znakov.",
        NoAccountYet => "Še nimate računa?",
        HaveAccount => "Že imate račun?",
        FormHasErrors => "Popravite označena polja.",
        ErrRequired => "To polje je obvezno.",
        ErrTitleTooLong => "Naslov je lahko dolg največ 60 znakov.",
        ErrDescriptionTooLong => "Opis je lahko dolg največ 10.000 znakov.",
        ErrArgumentTooLong => "Argument je lahko dolg največ 500 znakov.",
        ErrCommentTooLong => "Komentar je lahko dolg največ 2.000 znakov.",
        ErrNameTooLong => "Ime je lahko dolgo največ 40 znakov.",
        ErrEmailInvalid => "Vnesite e-poštni naslov, na primer ime@primer.si.",
        ErrEmailTaken => "Račun s tem e-poštnim naslovom že obstaja. Prijavite se.",
        ErrPasswordTooShort => "Geslo mora imeti vsaj 10 znakov.",
        ErrPasswordTooLong => "Geslo ima lahko največ 200 znakov.",
        ErrBadCredentials => "E-poštni naslov ali geslo ni pravilno.",
        ErrCategoryInvalid => "Izberite eno od ponujenih kategorij.",
        ErrSideInvalid => "Izberite, ali je argument za ali proti.",
        ErrVoteInvalid => "Tak glas ni mogoč.",
        ErrNotFound => "Tega nismo našli. Morda je bilo odstranjeno.",
        ErrForbidden => "Tega ne smete storiti.",
        ErrLoginRequired => "Najprej se prijavite.",
        ErrRateLimited => "Preveč poskusov. Počakajte minuto in poskusite znova.",
        ErrUnavailable => "Storitev trenutno ni na voljo. Poskusite znova čez nekaj trenutkov.",
        ErrInternal => "Pri nas je šlo nekaj narobe. Nič ni bilo shranjeno; poskusite znova.",
        ErrNetwork => "Strežnik ni dosegljiv. Preverite povezavo in poskusite znova.",
        ErrMalformedRequest => "Zahteve ni bilo mogoče prebrati: vrednost manjka ali je napačna. Nič ni bilo shranjeno.",
        ErrTooLarge => "Poslano je preveliko (največ 256 KB). Nič ni bilo shranjeno.",
        PageNotFound => "Stran ne obstaja",
        PageNotFoundText => "Strani, ki jo iščete, ni.",
        BackHome => "Nazaj na domačo stran",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slovenian_plurals_follow_the_last_two_digits() {
        assert_eq!(count(Lang::Sl, Counted::Ideas, 1), "1 ideja");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 2), "2 ideji");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 3), "3 ideje");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 4), "4 ideje");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 5), "5 idej");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 101), "101 ideja");
        assert_eq!(count(Lang::Sl, Counted::Ideas, 111), "111 idej");
        assert_eq!(count(Lang::Sl, Counted::Arguments, 0), "0 argumentov");
        assert_eq!(count(Lang::En, Counted::Arguments, 1), "1 argument");
        assert_eq!(count(Lang::En, Counted::Arguments, 2), "2 arguments");
    }

    #[test]
    fn cookie_beats_accept_language_which_beats_default() {
        assert_eq!(Lang::negotiate(Some("en"), Some("sl")), Lang::En);
        assert_eq!(
            Lang::negotiate(None, Some("de-DE,en-GB;q=0.8,sl;q=0.5")),
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("sl-SI,en;q=0.9")), Lang::Sl);
        assert_eq!(Lang::negotiate(Some("xx"), Some("fr")), Lang::Sl);
        assert_eq!(Lang::negotiate(None, None), Lang::Sl);
    }

    #[test]
    fn dates_are_written_per_language() {
        // 2023-05-30, the day the strategy went to the City Council.
        let ms = 1_685_404_800_000;
        assert_eq!(format_date(Lang::Sl, ms), "30. 5. 2023");
        assert_eq!(format_date(Lang::En, ms), "30 May 2023");
        assert_eq!(format_date(Lang::En, 0), "1 Jan 1970");
    }

    #[test]
    fn both_languages_have_text_for_every_message() {
        // The match is exhaustive; this also guards against an accidental empty string.
        for lang in Lang::ALL {
            for msg in [
                Msg::AppTagline,
                Msg::ErrInternal,
                Msg::BackHome,
                Msg::Endorse,
            ] {
                assert!(!t(lang, msg).is_empty());
            }
        }
        assert_ne!(t(Lang::Sl, Msg::Endorse), t(Lang::En, Msg::Endorse));
    }
}
