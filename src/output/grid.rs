//! A table section's grid of cells, drawn exactly as comfy-table draws it
//! with the AWS CLI's look (`+---+` rules, `|` between columns, two spaces
//! before and one after each cell, no rule between rows), and fast for long
//! listings.
//!
//! comfy-table lays the columns out and draws the rules, the header and every
//! row with a cell it wraps at spaces or by grapheme. A row whose cells are
//! all plain (printable ASCII, no spaces) it would only cut into pieces of its
//! column's width; those rows are drawn here. Drawn by comfy-table, a listing
//! of 10,000 pipelines spent most of its time wrapping cells one grapheme at a
//! time. Per column, the layout depends only on the widest plain cell and on
//! the other cells (comfy-table takes the widest of each cell's lines, as
//! they are or as split for an average width), so comfy-table is shown just
//! those.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};
use std::collections::HashSet;

/// comfy-table's border characters for the AWS CLI's look.
const STYLE: &str = "||--+-++|    ++++++";
const PADDING: (u16, u16) = (2, 1);
const PADDING_WIDTH: usize = 3;

/// Draws `rows` (all as long as the widest, and at least one) under `headers`
/// (if any) in `width` columns, each line between `edge`s.
pub fn draw<S: AsRef<str>>(out: &mut String, headers: &[&str], rows: &[Vec<S>], width: usize, edge: &str) {
    let layout = Layout::new(headers, rows, width);
    let mut line = |text: &str| {
        out.push_str(edge);
        out.push_str(text);
        out.push_str(edge);
        out.push('\n');
    };
    line(&layout.rule);
    if !layout.header.is_empty() {
        layout.header.iter().for_each(|text| line(text));
        line(&layout.rule);
    }
    for row in rows {
        if row.iter().all(|cell| is_plain(cell.as_ref())) {
            plain_row(out, row, &layout.widths, edge);
        } else {
            wrapped_row(out, row, &layout.widths, edge);
        }
    }
    out.push_str(edge);
    out.push_str(&layout.rule);
    out.push_str(edge);
    out.push('\n');
}

/// Cells comfy-table cuts into equal pieces when too wide: one column per byte, no spaces to wrap at.
fn is_plain(cell: &str) -> bool {
    cell.bytes().all(|b| b.is_ascii_graphic())
}

/// What comfy-table makes of the whole grid: its rule (the top, bottom and
/// header-separating lines are the same), the header's lines and each
/// column's content width.
struct Layout {
    rule: String,
    header: Vec<String>,
    widths: Vec<usize>,
}

impl Layout {
    fn new<S: AsRef<str>>(headers: &[&str], rows: &[Vec<S>], width: usize) -> Layout {
        let columns = rows.first().map_or(0, Vec::len);
        let mut widest = vec![""; columns];
        let mut others: Vec<Vec<&str>> = vec![Vec::new(); columns];
        let mut seen = HashSet::new();
        for row in rows {
            for (column, cell) in row.iter().enumerate() {
                let cell = cell.as_ref();
                if is_plain(cell) {
                    if cell.len() > widest[column].len() {
                        widest[column] = cell;
                    }
                } else if seen.insert((column, cell)) {
                    others[column].push(cell);
                }
            }
        }
        let height = others.iter().map(Vec::len).max().unwrap_or(0);
        let mut table = fitted(headers, width);
        table.add_row(widest);
        for index in 0..height {
            table.add_row(others.iter().map(|cells| cells.get(index).copied().unwrap_or("")).collect::<Vec<_>>());
        }
        for column in table.column_iter_mut() {
            column.set_padding(PADDING);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(4)));
        }
        let mut lines = table.lines();
        let rule = lines.next().unwrap_or_default();
        let header = if headers.is_empty() { Vec::new() } else { lines.take_while(|line| *line != rule).collect() };
        let widths = rule.split('+').filter(|run| !run.is_empty()).map(|run| run.len() - PADDING_WIDTH).collect();
        Layout { rule, header, widths }
    }
}

fn styled() -> Table {
    let mut table = Table::new();
    table.load_preset(STYLE);
    table
}

/// A table to be fitted to `width` columns as the AWS CLI fits its sections, under `headers` if any.
fn fitted(headers: &[&str], width: usize) -> Table {
    let mut table = styled();
    table
        .set_content_arrangement(ContentArrangement::DynamicFullWidth)
        .set_width(u16::try_from(width).unwrap_or(u16::MAX));
    if !headers.is_empty() {
        table.set_header(headers);
    }
    table
}

/// A row of plain cells, each cut into pieces of its column's width as comfy-table cuts it.
fn plain_row<S: AsRef<str>>(out: &mut String, row: &[S], widths: &[usize], edge: &str) {
    let height =
        row.iter().zip(widths).map(|(cell, width)| cell.as_ref().len().div_ceil(*width).max(1)).max().unwrap_or(1);
    let line_length = 2 * edge.len() + 1 + widths.iter().map(|width| width + PADDING_WIDTH + 1).sum::<usize>() + 1;
    out.reserve(height * line_length);
    for line in 0..height {
        out.push_str(edge);
        out.push('|');
        for (cell, &width) in row.iter().zip(widths) {
            let cell = cell.as_ref();
            let start = (line * width).min(cell.len());
            let piece = &cell[start..(start + width).min(cell.len())];
            out.push_str("  ");
            out.push_str(piece);
            spaces(out, width - piece.len() + 1);
            out.push('|');
        }
        out.push_str(edge);
        out.push('\n');
    }
}

fn spaces(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > 0 {
        let piece = count.min(SPACES.len());
        out.push_str(&SPACES[..piece]);
        count -= piece;
    }
}

/// A row comfy-table must wrap itself, in columns fixed to the grid's widths.
fn wrapped_row<S: AsRef<str>>(out: &mut String, row: &[S], widths: &[usize], edge: &str) {
    let mut table = styled();
    table.add_row(row.iter().map(AsRef::as_ref).collect::<Vec<&str>>());
    for (column, width) in table.column_iter_mut().zip(widths) {
        column.set_padding(PADDING);
        let fixed = u16::try_from(width + PADDING_WIDTH).unwrap_or(u16::MAX);
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
    }
    let lines: Vec<String> = table.lines().collect();
    // The first and last lines are the rules, drawn once for the whole grid.
    for line in lines.iter().skip(1).take(lines.len().saturating_sub(2)) {
        out.push_str(edge);
        out.push_str(line);
        out.push_str(edge);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grid as comfy-table alone draws it.
    fn comfy(headers: &[&str], rows: &[Vec<String>], width: usize) -> String {
        let mut table = fitted(headers, width);
        for row in rows {
            table.add_row(row);
        }
        for column in table.column_iter_mut() {
            column.set_padding(PADDING);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(4)));
        }
        table.lines().map(|line| format!("||{line}||\n")).collect()
    }

    fn ours(headers: &[&str], rows: &[Vec<String>], width: usize) -> String {
        let mut out = String::new();
        draw(&mut out, headers, rows, width, "||");
        out
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Cells(u64);

    impl Cells {
        fn next(&mut self, below: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % below
        }

        fn cell(&mut self) -> String {
            const PIECES: &[&str] =
                &["a", "pipeline-", "2024-01-02T03:04:05.250000+00:00", "V2", " ", "x y", "ü", "名前", "\n", "-", "", "arn:aws:iam::1:role/r"];
            let count = self.next(4);
            (0..count).map(|_| PIECES[self.next(PIECES.len() as u64) as usize]).collect()
        }
    }

    #[test]
    fn draws_what_comfy_table_draws() {
        let mut cells = Cells(0x9e37_79b9_7f4a_7c15);
        for case in 0..400 {
            let columns = 1 + cells.next(7) as usize;
            let names: Vec<String> = if cells.next(3) == 0 {
                Vec::new()
            } else {
                (0..columns).map(|i| format!("{}header{i}", if cells.next(4) == 0 { "long " } else { "" })).collect()
            };
            let headers: Vec<&str> = names.iter().map(String::as_str).collect();
            let rows: Vec<Vec<String>> =
                (0..1 + cells.next(6)).map(|_| (0..columns).map(|_| cells.cell()).collect()).collect();
            let width = [20, 37, 80, 120, 200][cells.next(5) as usize];
            assert_eq!(ours(&headers, &rows, width), comfy(&headers, &rows, width), "case {case}: {headers:?} {rows:?} at {width}");
        }
    }

    #[test]
    fn long_plain_cells_are_cut_into_equal_pieces() {
        let rows = vec![vec!["2024-01-02T03:04:05.250000+00:00".to_string(), "QUEUED".to_string()]];
        let grid = ours(&["created", "executionMode"], &rows, 30);
        assert_eq!(grid, comfy(&["created", "executionMode"], &rows, 30));
        assert!(grid.lines().all(|line| line.len() <= 34), "{grid}");
        assert!(grid.contains("|  2024-01-0"), "{grid}");
    }
}
