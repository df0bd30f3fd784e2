//! The minimal view of a service model shape that the shorthand code needs, so it does
//! not depend on any particular model representation.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Float,
    Double,
    Timestamp,
    Blob,
    /// An unmodelled JSON document (a structure with `"document": true` in botocore).
    Document,
}

pub trait ShapeView: Sized {
    fn kind(&self) -> Kind;
    /// Structure members in model order; empty for other kinds.
    fn members(&self) -> Vec<(String, Self)>;
    fn list_member(&self) -> Option<Self>;
    fn map_value(&self) -> Option<Self>;
}

/// A document, or lists/maps whose innermost values are documents: such arguments only
/// take JSON.
pub(crate) fn is_document_container(shape: &impl ShapeView) -> bool {
    let inner = match shape.kind() {
        Kind::Document => return true,
        Kind::List => shape.list_member(),
        Kind::Map => shape.map_value(),
        _ => return false,
    };
    inner.is_some_and(|inner| is_document_container(&inner))
}

/// A hand-built model for the unit tests and the fuzz target (fuzz/).
#[cfg(any(test, fuzzing))]
pub mod fake {
    use super::{Kind, ShapeView};

    #[derive(Clone, Debug)]
    pub enum Shape {
        Scalar(Kind),
        Document,
        Structure(Vec<(&'static str, Shape)>),
        List(Box<Shape>),
        Map(Box<Shape>),
    }

    pub fn list(member: Shape) -> Shape {
        Shape::List(Box::new(member))
    }

    pub fn map(value: Shape) -> Shape {
        Shape::Map(Box::new(value))
    }

    impl ShapeView for Shape {
        fn kind(&self) -> Kind {
            match self {
                Shape::Scalar(kind) => *kind,
                Shape::Document => Kind::Document,
                Shape::Structure(_) => Kind::Structure,
                Shape::List(_) => Kind::List,
                Shape::Map(_) => Kind::Map,
            }
        }

        fn members(&self) -> Vec<(String, Self)> {
            match self {
                Shape::Structure(members) => {
                    members.iter().map(|(name, shape)| ((*name).to_owned(), shape.clone())).collect()
                }
                _ => Vec::new(),
            }
        }

        fn list_member(&self) -> Option<Self> {
            match self {
                Shape::List(member) => Some((**member).clone()),
                _ => None,
            }
        }

        fn map_value(&self) -> Option<Self> {
            match self {
                Shape::Map(value) => Some((**value).clone()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fake::{list, map, Shape};
    use super::*;

    #[test]
    fn document_containers() {
        assert!(is_document_container(&Shape::Document));
        assert!(is_document_container(&list(map(Shape::Document))));
        assert!(!is_document_container(&list(Shape::Structure(vec![("d", Shape::Document)]))));
        assert!(!is_document_container(&Shape::Scalar(Kind::String)));
    }
}
