//! The site's own look — its name, a short tagline, the brand colour and a logo — set by a
//! site administrator, so that a city's site looks like the city's. Every page's header
//! shows it; `/site.css` carries the colour (the policy allows no inline styles).

#[cfg(feature = "ssr")]
pub mod demo;
pub mod pages;
pub mod rules;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

use crate::consultations::CoverImage;
use serde::{Deserialize, Serialize};

/// The look as pages show it, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteLook {
    pub name: String,
    pub tagline: Option<String>,
    pub colour: String,
    pub logo: Option<CoverImage>,
    /// Changes whenever the look does: the stylesheet's address carries it.
    pub version: i64,
}

impl Default for SiteLook {
    fn default() -> Self {
        SiteLook {
            name: rules::DEFAULT_NAME.to_string(),
            tagline: None,
            colour: rules::DEFAULT_COLOUR.to_string(),
            logo: None,
            version: 0,
        }
    }
}

/// The settings page: what is stored (both languages), or what was typed in a failed post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LookSettings {
    pub form: rules::LookForm,
    pub logo: Option<CoverImage>,
    /// Whether a look is stored (the logo form needs one).
    pub stored: bool,
    pub flash: Option<crate::form::Flash>,
}
