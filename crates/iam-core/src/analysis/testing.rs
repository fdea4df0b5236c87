//! What the analysis tests share: the bundled catalogue and the examples.

use crate::catalogue::Catalogue;
use crate::diag::DocId;
use crate::scenario::{parse_scenario, Scenario};

pub fn bundled() -> Catalogue {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/aws-catalogue/catalogue.json")).unwrap();
    Catalogue::parse(&text).unwrap()
}

/// `examples/<name>`, read.
pub fn model(name: &str) -> Scenario {
    let text = std::fs::read_to_string(format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    parse_scenario(&text, DocId(0)).scenario.unwrap()
}
