//! Reading a Pol.is open-data export (the folder layout of compdemocracy/openData):
//! `comments.csv`, and the votes from `votes.csv` (every vote cast, the latest per participant
//! and comment counting) or, without it, the vote columns of `participants-votes.csv`;
//! `summary.csv` for the topic. Columns are found by their names: exports of different years
//! carry different sets.

use std::collections::HashMap;

/// What an import keeps of a conversation.
#[derive(Debug, Default, PartialEq)]
pub struct Conversation {
    pub topic: String,
    pub url: String,
    pub description: String,
    pub comments: Vec<Comment>,
    pub votes: Vec<PolisVote>,
}

#[derive(Debug, PartialEq)]
pub struct Comment {
    pub id: i64,
    /// Pol.is's participant id of the author.
    pub author: String,
    pub text: String,
    /// Rejected by the conversation's moderators (`moderated` −1): imported hidden.
    pub rejected: bool,
    /// When it was written (milliseconds since 1970).
    pub at: i64,
}

#[derive(Debug, PartialEq)]
pub struct PolisVote {
    pub voter: String,
    pub comment: i64,
    /// 1 agree, −1 disagree, 0 pass.
    pub value: i64,
    pub at: i64,
}

/// The files of an export, as text.
pub struct Files<'a> {
    pub comments: &'a str,
    pub votes: Option<&'a str>,
    pub participants_votes: Option<&'a str>,
    pub summary: Option<&'a str>,
}

/// Why an export cannot be read, for the operator.
pub type Reason = String;

pub fn parse(files: &Files) -> Result<Conversation, Reason> {
    let comments = comments(files.comments)?;
    let when: HashMap<i64, i64> = comments.iter().map(|c| (c.id, c.at)).collect();
    let votes = match (files.votes, files.participants_votes) {
        (Some(log), _) => latest_votes(log)?,
        (None, Some(table)) => table_votes(table, &when)?,
        (None, None) => return Err("neither votes.csv nor participants-votes.csv".into()),
    };
    if let Some(v) = votes.iter().find(|v| !when.contains_key(&v.comment)) {
        return Err(format!(
            "a vote on comment {}, which comments.csv lacks",
            v.comment
        ));
    }
    let summary = files.summary.map(summary).unwrap_or_default();
    let fact = |key: &str| summary.get(key).cloned().unwrap_or_default();
    Ok(Conversation {
        topic: fact("topic"),
        url: fact("url"),
        description: fact("conversation-description"),
        comments,
        votes,
    })
}

/// A CSV file's rows as maps from column name to value.
struct Table {
    header: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn read(text: &str, file: &str) -> Result<Table, Reason> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| format!("{file}: {e}"))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{file}: {e}"))?;
        Ok(Table { header, rows })
    }

    fn column(&self, name: &str, file: &str) -> Result<usize, Reason> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{file} has no column {name}"))
    }
}

fn number(value: &str, what: &str, line: usize) -> Result<i64, Reason> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{what} on line {line} is not a number: {value:?}"))
}

fn comments(text: &str) -> Result<Vec<Comment>, Reason> {
    const FILE: &str = "comments.csv";
    let t = Table::read(text, FILE)?;
    let (at, id, author, moderated, body) = (
        t.column("timestamp", FILE)?,
        t.column("comment-id", FILE)?,
        t.column("author-id", FILE)?,
        t.column("moderated", FILE)?,
        t.column("comment-body", FILE)?,
    );
    let mut out = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let line = i + 2;
        let cell = |c: usize| row.get(c).unwrap_or("");
        out.push(Comment {
            id: number(cell(id), "comments.csv: comment-id", line)?,
            author: cell(author).trim().to_string(),
            text: cell(body).split_whitespace().collect::<Vec<_>>().join(" "),
            rejected: cell(moderated).trim() == "-1",
            at: number(cell(at), "comments.csv: timestamp", line)?,
        });
    }
    Ok(out)
}

fn vote_value(value: &str, line: usize) -> Result<i64, Reason> {
    match number(value, "a vote", line)? {
        v @ -1..=1 => Ok(v),
        v => Err(format!(
            "a vote of {v} on line {line} (1, -1 or 0 expected)"
        )),
    }
}

/// `votes.csv`: every vote cast; the latest per (voter, comment) counts, a later row winning a
/// tie (the file is in the order votes were cast).
fn latest_votes(text: &str) -> Result<Vec<PolisVote>, Reason> {
    const FILE: &str = "votes.csv";
    let t = Table::read(text, FILE)?;
    let (at, comment, voter, vote) = (
        t.column("timestamp", FILE)?,
        t.column("comment-id", FILE)?,
        t.column("voter-id", FILE)?,
        t.column("vote", FILE)?,
    );
    let mut latest: HashMap<(String, i64), PolisVote> = HashMap::new();
    for (i, row) in t.rows.iter().enumerate() {
        let line = i + 2;
        let cell = |c: usize| row.get(c).unwrap_or("");
        let v = PolisVote {
            voter: cell(voter).trim().to_string(),
            comment: number(cell(comment), "votes.csv: comment-id", line)?,
            value: vote_value(cell(vote), line)?,
            at: number(cell(at), "votes.csv: timestamp", line)?,
        };
        let key = (v.voter.clone(), v.comment);
        if latest.get(&key).is_none_or(|old| old.at <= v.at) {
            latest.insert(key, v);
        }
    }
    let mut votes: Vec<PolisVote> = latest.into_values().collect();
    votes.sort_by(|a, b| (a.at, &a.voter, a.comment).cmp(&(b.at, &b.voter, b.comment)));
    Ok(votes)
}

/// `participants-votes.csv`: a row per participant, a column per comment id after
/// `n-disagree`. It has no times: a vote is dated when its comment was written.
fn table_votes(text: &str, when: &HashMap<i64, i64>) -> Result<Vec<PolisVote>, Reason> {
    const FILE: &str = "participants-votes.csv";
    let t = Table::read(text, FILE)?;
    let participant = t.column("participant", FILE)?;
    let first = t.column("n-disagree", FILE)? + 1;
    let comments: Vec<i64> = t.header[first..]
        .iter()
        .map(|h| number(h, "participants-votes.csv: a comment column", 1))
        .collect::<Result<_, _>>()?;
    let mut votes = Vec::new();
    for (i, row) in t.rows.iter().enumerate() {
        let line = i + 2;
        let voter = row.get(participant).unwrap_or("").trim().to_string();
        for (&comment, cell) in comments.iter().zip(row.iter().skip(first)) {
            if cell.trim().is_empty() {
                continue;
            }
            votes.push(PolisVote {
                voter: voter.clone(),
                comment,
                value: vote_value(cell, line)?,
                at: when.get(&comment).copied().unwrap_or(0),
            });
        }
    }
    Ok(votes)
}

/// `summary.csv`: key, value rows.
fn summary(text: &str) -> HashMap<String, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| Some((r.get(0)?.trim().to_string(), r.get(1)?.trim().to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMENTS: &str =
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body
1000,x,1,7,1,0,1,\"More  trees,
please\"
2000,x,2,8,0,1,-1,Spam here
";

    #[test]
    fn the_latest_vote_counts_and_rejected_comments_are_marked() {
        let votes = "timestamp,datetime,comment-id,voter-id,vote
1500,x,1,7,1
1600,x,1,8,0
1700,x,1,7,-1
2500,x,2,8,1
";
        let c = parse(&Files {
            comments: COMMENTS,
            votes: Some(votes),
            participants_votes: None,
            summary: Some("topic,\"Our city\"\nurl,https://pol.is/x\n"),
        })
        .unwrap();
        assert_eq!(c.topic, "Our city");
        assert_eq!(c.comments[0].text, "More trees, please");
        assert!(!c.comments[0].rejected && c.comments[1].rejected);
        let got: Vec<(&str, i64, i64)> = c
            .votes
            .iter()
            .map(|v| (v.voter.as_str(), v.comment, v.value))
            .collect();
        assert_eq!(got, vec![("8", 1, 0), ("7", 1, -1), ("8", 2, 1)]);
    }

    #[test]
    fn without_a_vote_log_the_participants_table_gives_the_votes() {
        let table = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,1,2
0,0,1,2,1,0,1,0
1,,0,1,0,1,-1,
";
        let c = parse(&Files {
            comments: COMMENTS,
            votes: None,
            participants_votes: Some(table),
            summary: None,
        })
        .unwrap();
        let got: Vec<(&str, i64, i64, i64)> = c
            .votes
            .iter()
            .map(|v| (v.voter.as_str(), v.comment, v.value, v.at))
            .collect();
        assert_eq!(
            got,
            vec![("0", 1, 1, 1000), ("0", 2, 0, 2000), ("1", 1, -1, 1000)]
        );
    }

    #[test]
    fn broken_exports_are_refused_with_the_reason() {
        let files = |comments, votes| Files {
            comments,
            votes: Some(votes),
            participants_votes: None,
            summary: None,
        };
        let no_body = "timestamp,comment-id,author-id,moderated\n1,1,1,1\n";
        let e = parse(&files(no_body, "")).unwrap_err();
        assert_eq!(e, "comments.csv has no column comment-body");
        let bad_vote = "timestamp,datetime,comment-id,voter-id,vote\n1,x,1,7,2\n";
        let e = parse(&files(COMMENTS, bad_vote)).unwrap_err();
        assert_eq!(e, "a vote of 2 on line 2 (1, -1 or 0 expected)");
        let unknown = "timestamp,datetime,comment-id,voter-id,vote\n1,x,9,7,1\n";
        let e = parse(&files(COMMENTS, unknown)).unwrap_err();
        assert_eq!(e, "a vote on comment 9, which comments.csv lacks");
        let no_votes = Files {
            comments: COMMENTS,
            votes: None,
            participants_votes: None,
            summary: None,
        };
        assert!(parse(&no_votes).is_err());
    }
}
