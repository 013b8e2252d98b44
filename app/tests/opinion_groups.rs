//! Posvet's opinion groups against Pol.is's own results on two real conversations (Pol.is
//! open data, compdemocracy/openData, CC BY 4.0; copies in `data/polis`, see its README):
//! the groups match Pol.is's `group-id` by adjusted Rand index, and group-informed consensus
//! from Pol.is's groups equals the consensus Pol.is published for bg2050.

use app::opinions::math::{adjusted_rand_index, opinion_groups, VoteMatrix};
use app::opinions::tally::{consensus, Tally};
use std::collections::HashMap;
use std::path::PathBuf;

struct Conversation {
    /// Statement ids, in the order of the matrix's columns.
    statements: Vec<String>,
    /// Each participant's votes by statement id (1 agree, −1 disagree, 0 pass).
    votes: Vec<HashMap<String, i8>>,
    /// Pol.is's group of each participant (`None`: not counted).
    polis_group: Vec<Option<usize>>,
    /// comments.csv rows by statement id.
    comments: HashMap<String, HashMap<String, String>>,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/polis")
        .join(name)
}

fn load(name: &str) -> Conversation {
    let mut pv = csv::Reader::from_path(fixture(name).join("participants-votes.csv")).unwrap();
    let header: Vec<String> = pv.headers().unwrap().iter().map(String::from).collect();
    let first = header.iter().position(|h| h == "n-disagree").unwrap() + 1;
    let group_col = header.iter().position(|h| h == "group-id").unwrap();
    let statements = header[first..].to_vec();
    let (mut votes, mut polis_group) = (Vec::new(), Vec::new());
    for row in pv.records() {
        let row = row.unwrap();
        polis_group.push(row[group_col].parse::<usize>().ok());
        votes.push(
            statements
                .iter()
                .zip(row.iter().skip(first))
                .filter(|(_, v)| !v.is_empty())
                .map(|(s, v)| (s.clone(), v.parse::<i8>().unwrap()))
                .collect(),
        );
    }
    let mut comments = HashMap::new();
    let mut cr = csv::Reader::from_path(fixture(name).join("comments.csv")).unwrap();
    let ch: Vec<String> = cr.headers().unwrap().iter().map(String::from).collect();
    for row in cr.records() {
        let row: HashMap<String, String> = ch
            .iter()
            .cloned()
            .zip(row.unwrap().iter().map(String::from))
            .collect();
        comments.insert(row["comment-id"].clone(), row);
    }
    Conversation {
        statements,
        votes,
        polis_group,
        comments,
    }
}

/// The vote matrix as Posvet holds it: statements rejected by Pol.is's moderators are hidden
/// ideas; those that had votes count as zeroed columns, as in Pol.is.
fn matrix(c: &Conversation) -> VoteMatrix {
    let shown: Vec<&String> = c
        .statements
        .iter()
        .filter(|s| c.comments.get(*s).is_none_or(|r| r["moderated"] != "-1"))
        .collect();
    let column: HashMap<&String, u32> = shown
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let rows = c
        .votes
        .iter()
        .map(|v| {
            let mut row: Vec<(u32, f64)> = v
                .iter()
                .filter_map(|(s, &x)| Some((*column.get(s)?, x as f64)))
                .collect();
            row.sort_by_key(|e| e.0);
            row
        })
        .collect();
    VoteMatrix {
        ideas: shown.len(),
        zeroed: c.statements.len() - shown.len(),
        rows,
    }
}

fn ari(name: &str) -> f64 {
    let c = load(name);
    let groups = opinion_groups(&matrix(&c));
    let ari = adjusted_rand_index(&groups.group_of, &c.polis_group);
    println!(
        "{name}: {} groups of {:?} (Pol.is: {} counted), silhouettes {:?}, ARI {ari:.4}",
        groups.group_count(),
        groups.sizes(),
        c.polis_group.iter().flatten().count(),
        groups.silhouettes
    );
    ari
}

#[test]
fn bowling_green_2050_groups_match_polis() {
    let ari = ari("bg2050-volunteers");
    assert!(ari >= 0.9, "adjusted Rand index {ari}");
}

#[test]
fn scoop_hivemind_biodiversity_groups_match_polis() {
    let ari = ari("scoop-hivemind.biodiversity");
    assert!(ari >= 0.9, "adjusted Rand index {ari}");
}

#[test]
fn group_informed_consensus_equals_polis_published_figure() {
    let c = load("bg2050-volunteers");
    let n_groups = c.polis_group.iter().flatten().max().unwrap() + 1;
    let mut checked = 0;
    for s in &c.statements {
        let mut tallies = vec![Tally::default(); n_groups];
        for (v, g) in c.votes.iter().zip(&c.polis_group) {
            let (Some(&x), Some(g)) = (v.get(s), g) else {
                continue;
            };
            let t = &mut tallies[*g];
            t.seen += 1;
            t.agree += (x == 1) as u32;
            t.disagree += (x == -1) as u32;
        }
        let published: f64 = c.comments[s]["group-informed-consensus"].parse().unwrap();
        let ours = consensus(&tallies);
        assert!(
            (ours - published).abs() < 1e-9,
            "statement {s}: {ours} vs {published}"
        );
        checked += 1;
    }
    assert_eq!(checked, 371);
}
