//! Pictures of ideas and measures: up to three each, with alt text, re-encoded on upload as
//! covers are (upright, smaller, no metadata), each with a thumbnail for the cards.

#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use serde::{Deserialize, Serialize};

/// The most pictures one idea or measure carries.
pub const MAX_PICTURES: usize = 3;
/// Alt text says what the picture shows, briefly.
pub const MAX_ALT_CHARS: usize = 300;
/// A picture is stored at most this large (the idea page's column, twice for sharp screens).
pub const MAX_WIDTH: u32 = 1600;
pub const MAX_HEIGHT: u32 = 1200;
/// Every card's thumbnail has this size (cut from the middle), so cards line up.
pub const THUMB_WIDTH: u32 = 480;
pub const THUMB_HEIGHT: u32 = 320;

/// The address of a picture, or of its thumbnail.
pub fn url(id: i64) -> String {
    format!("/pictures/{id}.jpg")
}

pub fn thumb_url(id: i64) -> String {
    format!("/pictures/{id}-thumb.jpg")
}

/// A picture as the idea page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PictureView {
    pub id: i64,
    pub alt: String,
    pub width: i64,
    pub height: i64,
    /// Added by the viewer.
    pub mine: bool,
    /// Set when hidden; then only its author and the moderators see it.
    pub hidden: Option<crate::moderation::Hidden>,
}

/// The pictures part of the idea page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pictures {
    pub shown: Vec<PictureView>,
    /// The viewer may add and remove pictures (the author while proposals are open, the
    /// moderators; a measure's administrators).
    pub can_change: bool,
    /// How many the idea has in all (hidden ones too), against `MAX_PICTURES`.
    pub count: usize,
}

/// The first picture of a card: its thumbnail and alt text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardPicture {
    pub id: i64,
    pub alt: String,
}

/// The alt text as kept: trimmed, required, at most `MAX_ALT_CHARS`.
pub fn validate_alt(alt: &str) -> Result<String, crate::error::AppError> {
    use crate::i18n::Msg;
    let alt = alt.trim();
    match alt.chars().count() {
        0 => Err(crate::error::AppError::invalid("alt", Msg::ErrAltMissing)),
        n if n > MAX_ALT_CHARS => Err(crate::error::AppError::invalid("alt", Msg::ErrAltTooLong)),
        _ => Ok(alt.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_required_and_short() {
        assert_eq!(validate_alt("  A crossing  ").unwrap(), "A crossing");
        assert!(validate_alt("   ").is_err());
        assert!(validate_alt(&"x".repeat(300)).is_ok());
        assert!(validate_alt(&"x".repeat(301)).is_err());
    }
}
