//! Who may do what. One permission enum and one pure function decide every case; each
//! service asks `authorize` before it changes anything, and nothing re-checks by hand.
//!
//! Roles belong to a community (a person may moderate one and only take part in another);
//! a signed-in person without a membership row is a resident. The site administrator runs the
//! installation and may do everything.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Resident,
    Moderator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Resident, Role::Moderator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// A stored role; anything unknown is the least privileged one (fail closed).
    pub fn parse(s: &str) -> Role {
        match s {
            "moderator" => Role::Moderator,
            "admin" => Role::Admin,
            _ => Role::Resident,
        }
    }
}

/// The person acting, as far as permissions go. Built once per request (or per CLI command,
/// per job of the worker) and handed to services inside their `Ctx`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    /// `None` for an anonymous visitor.
    pub user_id: Option<i64>,
    pub site_admin: bool,
    /// (community id, role) for every community where the person is more than a resident.
    pub roles: Vec<(i64, Role)>,
    /// Communities where the person is banned now: they read there and write nothing.
    pub banned_in: Vec<i64>,
    /// A guest: a pseudonymous account bound to one browser (see `admit`).
    pub guest: bool,
}

impl Actor {
    pub fn anonymous() -> Actor {
        Actor::default()
    }

    /// Whoever runs the installation from its command line: may do everything a site
    /// administrator may, but is nobody on the site (cannot post, vote, …).
    pub fn operator() -> Actor {
        Actor {
            user_id: None,
            site_admin: true,
            ..Actor::default()
        }
    }

    pub fn resident(user_id: i64) -> Actor {
        Actor {
            user_id: Some(user_id),
            ..Actor::default()
        }
    }

    /// The person's role in a community; `None` when not signed in.
    pub fn role_in(&self, community_id: i64) -> Option<Role> {
        self.user_id?;
        Some(
            self.roles
                .iter()
                .find(|(c, _)| *c == community_id)
                .map(|(_, r)| *r)
                .unwrap_or(Role::Resident),
        )
    }
}

/// Everything a service may ask permission for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    PostIdea,
    EditIdea,
    AddArgument,
    AddComment,
    VoteOnIdea,
    RateArgument,
    /// Answer a consultation's survey.
    AnswerSurvey,
    /// Make someone a resident, moderator or administrator of a community.
    ManageRoles,
    /// Make someone a site administrator, or no longer one.
    ManageSiteAdmins,
    /// Report an idea, argument or comment to the moderators.
    Report,
    /// Ask once that one's own hidden content be looked at again.
    Appeal,
    /// See hidden content, its text and why it was hidden: its author and the moderators.
    SeeHidden,
    /// See the queue; approve, hide, restore or delete content; decide appeals; edit others'.
    Moderate,
    /// Ban and unban people in a community.
    Ban,
    /// Read the community's audit log.
    ReadAuditLog,
    /// Change how a community is moderated (auto-hide threshold, pre-moderation).
    ConfigureModeration,
    /// Give ideas their official status and public message.
    AnswerIdeas,
    /// Follow an idea or stop following it.
    Follow,
    /// Create and edit consultations and categories, and the community's own texts.
    ManageConsultations,
    /// Create communities (the installation's, so the site administrator's).
    CreateCommunity,
    /// Set the site's own look: its name, tagline, colour and logo.
    ManageSite,
    /// Download a community's or consultation's ideas, arguments and comments.
    ExportResults,
    /// See the community's dashboard: participation, activity and moderation load.
    ViewDashboard,
    /// Publish and edit the city's measures, their indicators, readings and progress updates.
    ManageMeasures,
    /// Change, download or delete one's own account.
    ManageOwnAccount,
    /// Remove guest accounts that never took part (the installation's upkeep).
    RemoveIdleGuests,
}

impl Permission {
    pub const ALL: [Permission; 26] = [
        Permission::PostIdea,
        Permission::AnswerSurvey,
        Permission::EditIdea,
        Permission::AddArgument,
        Permission::AddComment,
        Permission::VoteOnIdea,
        Permission::RateArgument,
        Permission::ManageRoles,
        Permission::ManageSiteAdmins,
        Permission::Report,
        Permission::Appeal,
        Permission::SeeHidden,
        Permission::Moderate,
        Permission::Ban,
        Permission::ReadAuditLog,
        Permission::ConfigureModeration,
        Permission::AnswerIdeas,
        Permission::Follow,
        Permission::ManageConsultations,
        Permission::CreateCommunity,
        Permission::ManageSite,
        Permission::ExportResults,
        Permission::ViewDashboard,
        Permission::ManageMeasures,
        Permission::ManageOwnAccount,
        Permission::RemoveIdleGuests,
    ];

    /// Whether the permission writes content or votes, which a ban takes away.
    fn writes(self) -> bool {
        use Permission::*;
        matches!(
            self,
            PostIdea
                | EditIdea
                | AddArgument
                | AddComment
                | VoteOnIdea
                | RateArgument
                | Report
                | AnswerSurvey
        )
    }
}

/// What the permission is asked for: the community it happens in and, for content, its author.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub community_id: i64,
    pub author_id: Option<i64>,
}

impl Target {
    pub fn community(community_id: i64) -> Target {
        Target {
            community_id,
            author_id: None,
        }
    }

    /// The whole installation (no community has id 0).
    pub fn site() -> Target {
        Target::community(0)
    }

    /// A person's own account (no community).
    pub fn account(user_id: i64) -> Target {
        Target::content(0, user_id)
    }

    pub fn content(community_id: i64, author_id: i64) -> Target {
        Target {
            community_id,
            author_id: Some(author_id),
        }
    }
}

/// Why a permission was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// Signing in might help.
    NotSignedIn,
    /// The person is signed in and still may not.
    NotAllowed,
    /// A guest, where only full accounts take part: making the guest account a full one helps.
    AccountNeeded,
}

impl From<Denied> for crate::error::AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotSignedIn => crate::error::AppError::Unauthorized,
            Denied::NotAllowed => crate::error::AppError::Forbidden,
            Denied::AccountNeeded => {
                crate::error::AppError::invalid("", crate::i18n::Msg::ErrAccountNeeded)
            }
        }
    }
}

/// The one place that decides.
pub fn authorize(actor: &Actor, permission: Permission, target: Target) -> Result<(), Denied> {
    use Permission::*;
    // Rating one's own argument would be voting for oneself: nobody may, whatever their role.
    if permission == RateArgument && actor.user_id.is_some() && target.author_id == actor.user_id {
        return Err(Denied::NotAllowed);
    }
    if actor.site_admin {
        return Ok(());
    }
    let Some(user_id) = actor.user_id else {
        return Err(Denied::NotSignedIn);
    };
    // A guest never holds a role, whatever a stray membership row says.
    let role = match actor.guest {
        true => Role::Resident,
        false => actor.role_in(target.community_id).unwrap_or(Role::Resident),
    };
    let own = target.author_id == Some(user_id);
    if permission.writes() && actor.banned_in.contains(&target.community_id) {
        return Err(Denied::NotAllowed);
    }
    // Guests cost nothing to make, so their reports would let one person hide anything
    // (reports auto-hide at a threshold of distinct people).
    if actor.guest && permission == Report {
        return Err(Denied::AccountNeeded);
    }
    let allowed = match permission {
        PostIdea | AddArgument | AddComment | VoteOnIdea | RateArgument | Report | Follow
        | AnswerSurvey => true,
        // Authors edit their own ideas; moderators and admins of the community any of them.
        EditIdea => own || role >= Role::Moderator,
        // Even a banned author may ask once that a decision be looked at again.
        Appeal => own,
        // An author sees what became of their own content, banned or not.
        SeeHidden => own || role >= Role::Moderator,
        // Even a banned person may change, download or delete their own account.
        ManageOwnAccount => own,
        Moderate | Ban => role >= Role::Moderator,
        ManageRoles | ReadAuditLog | ConfigureModeration | AnswerIdeas | ManageConsultations
        | ExportResults | ViewDashboard | ManageMeasures => role == Role::Admin,
        ManageSiteAdmins | CreateCommunity | ManageSite | RemoveIdleGuests => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::NotAllowed)
    }
}

/// Whether the actor may take part in a consultation at all: everyone signed in where it is
/// open to guests (`guests_welcome`), full accounts only where it is not. Services ask it with
/// the consultation's phase (`Ctx::require_open`), after `authorize`.
pub fn admit(actor: &Actor, guests_welcome: bool) -> Result<(), Denied> {
    match actor.user_id {
        None => Err(Denied::NotSignedIn),
        Some(_) if actor.guest && !guests_welcome => Err(Denied::AccountNeeded),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    const COMMUNITY: i64 = 7;
    const OTHER_COMMUNITY: i64 = 8;
    const ME: i64 = 1;
    const SOMEONE_ELSE: i64 = 2;

    /// Who acts in the table below.
    #[derive(Clone, Copy, Debug)]
    enum Who {
        Anonymous,
        Resident,
        Moderator,
        Admin,
        /// Moderator of another community only: a resident here.
        ModeratorElsewhere,
        SiteAdmin,
        /// A resident banned in this community.
        Banned,
    }

    fn actor(who: Who) -> Actor {
        let with = |roles: Vec<(i64, Role)>| Actor {
            user_id: Some(ME),
            roles,
            ..Actor::default()
        };
        match who {
            Who::Anonymous => Actor::anonymous(),
            Who::Resident => Actor::resident(ME),
            Who::Moderator => with(vec![(COMMUNITY, Role::Moderator)]),
            Who::Admin => with(vec![(COMMUNITY, Role::Admin)]),
            Who::ModeratorElsewhere => with(vec![(OTHER_COMMUNITY, Role::Moderator)]),
            Who::SiteAdmin => Actor {
                site_admin: true,
                ..Actor::resident(ME)
            },
            Who::Banned => Actor {
                banned_in: vec![COMMUNITY],
                ..Actor::resident(ME)
            },
        }
    }

    const N: Result<(), Denied> = Err(Denied::NotSignedIn);
    const F: Result<(), Denied> = Err(Denied::NotAllowed);
    const Y: Result<(), Denied> = Ok(());

    /// A permission, whether the content is the actor's own, and the decision per column.
    type Row = (Permission, bool, [Result<(), Denied>; 7]);

    /// Every role × permission, on someone else's content and on one's own.
    /// Columns: anonymous, resident, moderator, admin, moderator elsewhere, site admin,
    /// resident banned here.
    #[rustfmt::skip]
    const TABLE: &[Row] = &[
        (PostIdea,     false, [N, Y, Y, Y, Y, Y, F]),
        (AddArgument,  false, [N, Y, Y, Y, Y, Y, F]),
        (AddComment,   false, [N, Y, Y, Y, Y, Y, F]),
        (VoteOnIdea,   false, [N, Y, Y, Y, Y, Y, F]),
        (RateArgument, false, [N, Y, Y, Y, Y, Y, F]),
        (RateArgument, true,  [N, F, F, F, F, F, F]),
        (AnswerSurvey, false, [N, Y, Y, Y, Y, Y, F]),
        (EditIdea,     false, [N, F, Y, Y, F, Y, F]),
        (EditIdea,     true,  [N, Y, Y, Y, Y, Y, F]),
        (ManageRoles,  false, [N, F, F, Y, F, Y, F]),
        (ManageSiteAdmins, false, [N, F, F, F, F, Y, F]),
        (Report,       false, [N, Y, Y, Y, Y, Y, F]),
        (Appeal,       false, [N, F, F, F, F, Y, F]),
        (Appeal,       true,  [N, Y, Y, Y, Y, Y, Y]),
        (SeeHidden,    false, [N, F, Y, Y, F, Y, F]),
        (SeeHidden,    true,  [N, Y, Y, Y, Y, Y, Y]),
        (Moderate,     false, [N, F, Y, Y, F, Y, F]),
        (Moderate,     true,  [N, F, Y, Y, F, Y, F]),
        (Ban,          false, [N, F, Y, Y, F, Y, F]),
        (ReadAuditLog, false, [N, F, F, Y, F, Y, F]),
        (ConfigureModeration, false, [N, F, F, Y, F, Y, F]),
        (AnswerIdeas,  false, [N, F, F, Y, F, Y, F]),
        // Following writes nothing others see: a ban does not stop it.
        (Follow,       false, [N, Y, Y, Y, Y, Y, Y]),
        (ManageConsultations, false, [N, F, F, Y, F, Y, F]),
        (CreateCommunity, false, [N, F, F, F, F, Y, F]),
        (ManageSite,   false, [N, F, F, F, F, Y, F]),
        (ExportResults, false, [N, F, F, Y, F, Y, F]),
        (ViewDashboard, false, [N, F, F, Y, F, Y, F]),
        (ManageMeasures, false, [N, F, F, Y, F, Y, F]),
        (ManageOwnAccount, false, [N, F, F, F, F, Y, F]),
        // A ban does not stop anyone from downloading or deleting their own account.
        (ManageOwnAccount, true,  [N, Y, Y, Y, Y, Y, Y]),
        (RemoveIdleGuests, false, [N, F, F, F, F, Y, F]),
    ];

    #[test]
    fn every_role_and_permission_is_decided_as_the_table_says() {
        let whos = [
            Who::Anonymous,
            Who::Resident,
            Who::Moderator,
            Who::Admin,
            Who::ModeratorElsewhere,
            Who::SiteAdmin,
            Who::Banned,
        ];
        for (permission, own, expected) in TABLE {
            let author = if *own { ME } else { SOMEONE_ELSE };
            let target = match permission {
                PostIdea | ManageRoles | Ban | ReadAuditLog | ConfigureModeration | AnswerIdeas => {
                    Target::community(COMMUNITY)
                }
                ManageSiteAdmins | CreateCommunity | ManageSite | RemoveIdleGuests => {
                    Target::site()
                }
                _ => Target::content(COMMUNITY, author),
            };
            for (who, want) in whos.iter().zip(expected) {
                assert_eq!(
                    authorize(&actor(*who), *permission, target),
                    *want,
                    "{who:?} {permission:?} (own content: {own})"
                );
            }
        }
    }

    #[test]
    fn the_table_covers_every_permission() {
        for p in Permission::ALL {
            assert!(TABLE.iter().any(|(q, _, _)| *q == p), "{p:?} missing");
        }
    }

    #[test]
    fn the_operator_runs_the_site_but_is_nobody_on_it() {
        let operator = Actor::operator();
        for p in Permission::ALL {
            assert_eq!(
                authorize(&operator, p, Target::content(COMMUNITY, ME)),
                Ok(())
            );
        }
        assert_eq!(
            operator.user_id, None,
            "so services that need a person refuse it"
        );
    }

    #[test]
    fn a_ban_holds_only_in_its_community() {
        let banned = actor(Who::Banned);
        assert_eq!(
            authorize(&banned, PostIdea, Target::community(OTHER_COMMUNITY)),
            Ok(())
        );
    }

    #[test]
    fn unknown_stored_roles_grant_nothing_extra() {
        assert_eq!(Role::parse("superuser"), Role::Resident);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), r);
        }
    }

    #[test]
    fn guests_take_part_only_where_welcome_never_report_and_hold_no_role() {
        let guest = Actor {
            guest: true,
            // A membership row that should never exist for a guest still gives nothing.
            roles: vec![(COMMUNITY, Role::Admin)],
            ..Actor::resident(ME)
        };
        assert_eq!(admit(&guest, true), Ok(()));
        assert_eq!(admit(&guest, false), Err(Denied::AccountNeeded));
        assert_eq!(admit(&Actor::resident(ME), false), Ok(()));
        assert_eq!(admit(&Actor::anonymous(), true), Err(Denied::NotSignedIn));
        let on = |p| authorize(&guest, p, Target::content(COMMUNITY, SOMEONE_ELSE));
        for p in [
            PostIdea,
            AddArgument,
            AddComment,
            VoteOnIdea,
            RateArgument,
            Follow,
        ] {
            assert_eq!(on(p), Ok(()), "{p:?}");
        }
        assert_eq!(on(Report), Err(Denied::AccountNeeded));
        for p in [
            Moderate,
            Ban,
            ManageConsultations,
            ExportResults,
            AnswerIdeas,
        ] {
            assert_eq!(on(p), Err(Denied::NotAllowed), "{p:?}");
        }
        let own = authorize(&guest, ManageOwnAccount, Target::account(ME));
        assert_eq!(
            own,
            Ok(()),
            "a guest downloads, upgrades or deletes their own account"
        );
    }
}
