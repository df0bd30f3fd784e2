//! Charts of a pipeline's history (`stats`): drawn for a terminal in
//! Unicode (`terminal`), or as an SVG file (`svg`).

pub mod svg;
pub mod terminal;
