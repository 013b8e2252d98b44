//! Results for the strategy team: the ideas, arguments and comments of a consultation or of a
//! whole community, as CSV, XLSX or JSON. Authors appear by display name, never by e-mail;
//! hidden content only when the administrator asks for it, and that choice is audited.

pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod write;

/// A file made a piece at a time (an export of results, of a survey's responses), sent as it
/// is written or written to a file by the command line.
#[cfg(feature = "ssr")]
pub trait Pieces: Send + 'static {
    /// The next piece; `None` once the file is complete.
    fn next_piece(
        &mut self,
    ) -> impl std::future::Future<Output = Result<Option<Vec<u8>>, crate::error::AppError>> + Send;
    /// The whole file's size, when it is known before it is all sent (a finished workbook).
    fn size(&self) -> Option<u64>;
}
