//! What an export can be asked for.

use crate::error::AppError;
use crate::i18n::Msg;

/// A file to download: one table as CSV, or all three tables in one XLSX or JSON file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv(Table),
    Xlsx,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Ideas,
    Arguments,
    Comments,
    /// The city's measures, their indicators and the indicators' readings (workbook and JSON).
    Measures,
    Indicators,
    Readings,
    /// How many participants gave each answer to the registration questions (never who).
    Participants,
    /// Each opinion group's size and votes on each idea (never who is in which group).
    OpinionGroups,
}

impl Format {
    /// Every choice the export form offers, with its value and label.
    pub const ALL: [(&'static str, Msg); 7] = [
        ("xlsx", Msg::ExportXlsx),
        ("csv-ideas", Msg::ExportCsvIdeas),
        ("csv-arguments", Msg::ExportCsvArguments),
        ("csv-comments", Msg::ExportCsvComments),
        ("csv-participants", Msg::ExportCsvParticipants),
        ("csv-opinion-groups", Msg::ExportCsvOpinionGroups),
        ("json", Msg::ExportJson),
    ];

    pub fn parse(value: &str) -> Result<Format, AppError> {
        Ok(match value {
            "xlsx" => Format::Xlsx,
            "json" => Format::Json,
            "csv-ideas" => Format::Csv(Table::Ideas),
            "csv-arguments" => Format::Csv(Table::Arguments),
            "csv-comments" => Format::Csv(Table::Comments),
            "csv-participants" => Format::Csv(Table::Participants),
            "csv-opinion-groups" => Format::Csv(Table::OpinionGroups),
            _ => return Err(AppError::invalid("format", Msg::ErrExportFormat)),
        })
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv(_) => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Json => "application/json",
        }
    }

    /// The file's name: "posvet-ljubljana-ideas-2026-11-24.csv".
    pub fn file_name(self, what: &str, day: &str) -> String {
        let (part, ext) = match self {
            Format::Csv(Table::Ideas) => ("-ideas", "csv"),
            Format::Csv(Table::Arguments) => ("-arguments", "csv"),
            Format::Csv(Table::Comments) => ("-comments", "csv"),
            Format::Csv(Table::Measures) => ("-measures", "csv"),
            Format::Csv(Table::Indicators) => ("-indicators", "csv"),
            Format::Csv(Table::Readings) => ("-readings", "csv"),
            Format::Csv(Table::Participants) => ("-participants", "csv"),
            Format::Csv(Table::OpinionGroups) => ("-opinion-groups", "csv"),
            Format::Xlsx => ("", "xlsx"),
            Format::Json => ("", "json"),
        };
        let what: String = what
            .chars()
            .map(|c| match c.is_ascii_alphanumeric() {
                true => c.to_ascii_lowercase(),
                false => '-',
            })
            .collect();
        format!("posvet-{what}{part}-{day}.{ext}")
    }
}

/// A CSV cell that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1", "-2", "@x")
/// gets a leading apostrophe, which spreadsheets show as text (OWASP's advice for CSV exports).
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_name_their_files() {
        for (value, _) in Format::ALL {
            assert!(Format::parse(value).is_ok(), "{value}");
        }
        assert!(Format::parse("pdf").is_err());
        let f = Format::parse("csv-arguments").unwrap();
        assert_eq!(
            f.file_name("Digitalna Ljubljana", "2026-11-24"),
            "posvet-digitalna-ljubljana-arguments-2026-11-24.csv"
        );
        assert_eq!(
            Format::Xlsx.file_name("x/../y", "d"),
            "posvet-x----y-d.xlsx"
        );
    }

    #[test]
    fn cells_that_would_be_formulas_stay_text() {
        assert_eq!(
            csv_safe("=HYPERLINK(\"http://evil\")"),
            "'=HYPERLINK(\"http://evil\")"
        );
        assert_eq!(csv_safe("-5 % emisij"), "'-5 % emisij");
        assert_eq!(csv_safe("Več zelenja"), "Več zelenja");
        assert_eq!(csv_safe(""), "");
    }
}
