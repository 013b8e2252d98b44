//! What a site's look may be: a name and tagline of sensible length, and a brand colour that
//! keeps AA contrast (4.5:1) with white, since white text sits on it and it colours links.

use crate::error::{AppError, Errors};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const DEFAULT_NAME: &str = "Posvet";
/// The stylesheet's own `--brand`.
pub const DEFAULT_COLOUR: &str = "#0b5c8c";
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_TAGLINE_CHARS: usize = 80;
/// WCAG 2.2 AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LookForm {
    pub name: String,
    pub tagline_sl: String,
    pub tagline_en: String,
    pub colour: String,
}

/// A look that may be stored: the texts trimmed, the colour as `#rrggbb`.
#[derive(Debug, PartialEq)]
pub struct ValidLook {
    pub name: String,
    pub tagline_sl: String,
    pub tagline_en: String,
    pub colour: String,
}

pub fn validate(f: &LookForm) -> Result<ValidLook, AppError> {
    let mut errors = Errors::default();
    let (name, sl, en) = (f.name.trim(), f.tagline_sl.trim(), f.tagline_en.trim());
    errors.text("name", name, MAX_NAME_CHARS, Msg::ErrSiteNameTooLong);
    errors.check(
        sl.chars().count() <= MAX_TAGLINE_CHARS,
        "tagline_sl",
        Msg::ErrTaglineTooLong,
    );
    errors.check(
        en.chars().count() <= MAX_TAGLINE_CHARS,
        "tagline_en",
        Msg::ErrTaglineTooLong,
    );
    let colour = parse_colour(&f.colour);
    match colour {
        None => errors.add("colour", Msg::ErrColourInvalid),
        Some(rgb) if contrast_with_white(rgb) < MIN_CONTRAST => {
            errors.add("colour", Msg::ErrColourTooLight)
        }
        Some(_) => {}
    }
    errors.into_result(ValidLook {
        name: name.to_string(),
        tagline_sl: sl.to_string(),
        tagline_en: en.to_string(),
        colour: colour.map(hex).unwrap_or_default(),
    })
}

/// `#rrggbb` (or `rrggbb`), as a colour picker sends it or a person types it.
pub fn parse_colour(s: &str) -> Option<[u8; 3]> {
    let s = s.trim();
    let digits = s.strip_prefix('#').unwrap_or(s);
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

pub fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// WCAG's contrast ratio of a colour with white.
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    1.05 / (l + 0.05)
}

/// The colour mixed toward `other` by `share` (0 to 1).
fn mix(rgb: [u8; 3], other: [u8; 3], share: f64) -> [u8; 3] {
    let m = |a: u8, b: u8| (f64::from(a) * (1.0 - share) + f64::from(b) * share).round() as u8;
    [
        m(rgb[0], other[0]),
        m(rgb[1], other[1]),
        m(rgb[2], other[2]),
    ]
}

/// The design system's brand tokens for a colour: itself, a darker shade (hover, borders)
/// and a pale one (panels behind dark text).
pub fn stylesheet(colour: &str) -> String {
    let rgb = parse_colour(colour).unwrap_or([0x0b, 0x5c, 0x8c]);
    format!(
        ":root{{--brand:{};--brand-dark:{};--brand-soft:{}}}\n",
        hex(rgb),
        hex(mix(rgb, [0, 0, 0], 0.3)),
        hex(mix(rgb, [255, 255, 255], 0.9)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, colour: &str) -> LookForm {
        LookForm {
            name: name.into(),
            colour: colour.into(),
            ..LookForm::default()
        }
    }

    #[test]
    fn colours_are_read_as_typed_and_kept_legible() {
        assert_eq!(parse_colour("#0B5C8C"), Some([0x0b, 0x5c, 0x8c]));
        assert_eq!(parse_colour("0b5c8c"), Some([0x0b, 0x5c, 0x8c]));
        assert_eq!(parse_colour("#0b5c8"), None);
        assert_eq!(parse_colour("red"), None);
        assert_eq!(parse_colour("#0b5c8é"), None);
        // The default brand colour: 7.2:1; white on white: 1:1; black: 21:1.
        assert!((contrast_with_white([0x0b, 0x5c, 0x8c]) - 7.18).abs() < 0.01);
        assert!((contrast_with_white([255, 255, 255]) - 1.0).abs() < 1e-9);
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn a_look_is_checked_field_by_field() {
        let ok = validate(&form(" Posvet Ljubljana ", "#00703C")).unwrap();
        assert_eq!(ok.name, "Posvet Ljubljana");
        assert_eq!(ok.colour, "#00703c");
        let fields = |f: &LookForm| match validate(f) {
            Err(AppError::Validation(errors)) => errors
                .iter()
                .map(|e| (e.field.clone(), e.msg))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            fields(&form("", "#ffcc00")),
            vec![
                ("name".to_string(), Msg::ErrRequired),
                ("colour".to_string(), Msg::ErrColourTooLight)
            ]
        );
        let mut long = form(&"x".repeat(41), "blue");
        long.tagline_en = "y".repeat(81);
        assert_eq!(
            fields(&long),
            vec![
                ("name".to_string(), Msg::ErrSiteNameTooLong),
                ("tagline_en".to_string(), Msg::ErrTaglineTooLong),
                ("colour".to_string(), Msg::ErrColourInvalid)
            ]
        );
    }

    #[test]
    fn the_stylesheet_derives_the_shades() {
        assert_eq!(
            stylesheet("#0b5c8c"),
            ":root{--brand:#0b5c8c;--brand-dark:#084062;--brand-soft:#e7eff4}\n"
        );
    }
}
