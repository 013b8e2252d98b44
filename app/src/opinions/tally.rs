//! What the groups say about each idea: group-informed consensus, each group's representative
//! ideas (Pol.is's `repness`, `math/src/polismath/math/{repness,stats}.clj`) and the ideas that
//! divide the groups. Pure functions of per-group tallies, so the pages and the exports show
//! the same figures and never anything about a person.

/// One group's votes on one idea: agrees, disagrees, and everyone who voted (passes too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub agree: u32,
    pub disagree: u32,
    pub seen: u32,
}

impl Tally {
    /// Probability of agreement with a uniform prior, (A + 1) / (S + 2).
    pub fn p_agree(self) -> f64 {
        (self.agree as f64 + 1.0) / (self.seen as f64 + 2.0)
    }

    pub fn p_disagree(self) -> f64 {
        (self.disagree as f64 + 1.0) / (self.seen as f64 + 2.0)
    }

    fn plus(self, o: Tally) -> Tally {
        Tally {
            agree: self.agree + o.agree,
            disagree: self.disagree + o.disagree,
            seen: self.seen + o.seen,
        }
    }
}

/// Group-informed consensus of an idea: the product over groups of each group's probability
/// of agreeing. High only when every group agrees; one group against pulls it down.
pub fn consensus(groups: &[Tally]) -> f64 {
    groups.iter().map(|t| t.p_agree()).product()
}

/// Pol.is's one-proportion test: how far `succ` of `n` is above one half, in standard errors
/// (with one success and one trial added).
pub fn prop_test(succ: u32, n: u32) -> f64 {
    let (succ, n) = (succ as f64 + 1.0, n as f64 + 1.0);
    2.0 * n.sqrt() * (succ / n - 0.5)
}

/// Pol.is's two-proportion test: how much more often `succ_in` of `n_in` than `succ_out` of
/// `n_out`, in standard errors (each count plus one).
pub fn two_prop_test(succ_in: u32, succ_out: u32, n_in: u32, n_out: u32) -> f64 {
    let [s1, s2, n1, n2] = [succ_in, succ_out, n_in, n_out].map(|x| x as f64 + 1.0);
    let (p1, p2) = (s1 / n1, s2 / n2);
    let p = (s1 + s2) / (n1 + n2);
    if p == 1.0 {
        return 0.0;
    }
    (p1 - p2) / (p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)).sqrt()
}

/// Significant at 90 % (one-sided), Pol.is's threshold for representative ideas.
pub const Z_90: f64 = 1.2816;

/// Why an idea represents a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Agree,
    Disagree,
}

/// An idea that sets a group apart: the group agrees (or disagrees) with it clearly, and
/// clearly more than everyone else.
#[derive(Clone, Debug, PartialEq)]
pub struct Representative {
    pub idea: usize,
    pub side: Side,
    /// The group's probability of this side, and how many of the group voted.
    pub p: f64,
    pub seen: u32,
    /// How many times likelier the group is to take this side than the others.
    pub ratio: f64,
    metric: f64,
}

/// The representative ideas of group `g`, at most five, agreements first. `tallies[idea][g]`.
pub fn representative(tallies: &[Vec<Tally>], g: usize) -> Vec<Representative> {
    let mut found: Vec<Representative> = tallies
        .iter()
        .enumerate()
        .filter_map(|(idea, groups)| {
            let me = *groups.get(g)?;
            let rest = groups
                .iter()
                .enumerate()
                .filter(|(o, _)| *o != g)
                .fold(Tally::default(), |acc, (_, t)| acc.plus(*t));
            let (pa, pd) = (me.p_agree(), me.p_disagree());
            let pat = prop_test(me.agree, me.seen);
            let pdt = prop_test(me.disagree, me.seen);
            let ra = pa / rest.p_agree();
            let rd = pd / rest.p_disagree();
            let rat = two_prop_test(me.agree, rest.agree, me.seen, rest.seen);
            let rdt = two_prop_test(me.disagree, rest.disagree, me.seen, rest.seen);
            let passes = (rat > Z_90 && pat > Z_90) || (rdt > Z_90 && pdt > Z_90);
            if !passes {
                return None;
            }
            let (side, p, pt, r, rt) = if rat > rdt {
                (Side::Agree, pa, pat, ra, rat)
            } else {
                (Side::Disagree, pd, pdt, rd, rdt)
            };
            Some(Representative {
                idea,
                side,
                p,
                seen: me.seen,
                ratio: r,
                metric: r * rt * p * pt,
            })
        })
        .collect();
    found.sort_by(|a, b| b.metric.total_cmp(&a.metric).then(a.idea.cmp(&b.idea)));
    found.truncate(5);
    found.sort_by_key(|r| r.side == Side::Disagree);
    found
}

/// How far apart the groups are on an idea: the largest difference between two groups'
/// probabilities of agreeing (0 when they agree equally, towards 1 when one agrees and
/// another does not).
pub fn divide(groups: &[Tally]) -> f64 {
    let ps = groups.iter().map(|t| t.p_agree());
    let max = ps.clone().fold(f64::NEG_INFINITY, f64::max);
    let min = ps.fold(f64::INFINITY, f64::min);
    if groups.len() < 2 {
        0.0
    } else {
        max - min
    }
}

/// Every group more likely to agree than not.
pub fn all_agree(groups: &[Tally]) -> bool {
    groups.len() >= 2 && groups.iter().all(|t| t.p_agree() > 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(agree: u32, disagree: u32, seen: u32) -> Tally {
        Tally {
            agree,
            disagree,
            seen,
        }
    }

    #[test]
    fn consensus_is_the_product_of_the_groups_agreement() {
        assert_eq!(consensus(&[t(8, 0, 8), t(3, 1, 4)]), 0.9 * (4.0 / 6.0));
        // One group against pulls an idea down however many others agree.
        assert!(consensus(&[t(100, 0, 100), t(0, 10, 10)]) < 0.1);
        assert_eq!(consensus(&[]), 1.0);
    }

    #[test]
    fn the_tests_are_polis_own() {
        // Values from polismath.math.stats (prop-test 5 10 = 2 sqrt(11) (6/11 − 1/2)).
        assert!((prop_test(5, 10) - 2.0 * 11f64.sqrt() * (6.0 / 11.0 - 0.5)).abs() < 1e-12);
        assert_eq!(
            two_prop_test(3, 3, 3, 3),
            0.0,
            "everyone agrees: no difference"
        );
        let z = two_prop_test(9, 1, 10, 10);
        let (p1, p2, p) = (10.0 / 11.0, 2.0 / 11.0, 12.0 / 22.0);
        let want = (p1 - p2) / (p * (1.0 - p) * (2.0 / 11.0f64)).sqrt();
        assert!((z - want).abs() < 1e-12);
    }

    #[test]
    fn a_group_is_represented_by_what_sets_it_apart() {
        // Idea 0: everyone agrees (consensus, represents nobody). Idea 1: group 0 agrees,
        // group 1 disagrees. Idea 2: group 1 agrees, group 0 disagrees. Idea 3: noise.
        let tallies = vec![
            vec![t(20, 0, 20), t(20, 0, 20)],
            vec![t(18, 1, 20), t(2, 17, 20)],
            vec![t(1, 19, 20), t(19, 0, 20)],
            vec![t(10, 10, 20), t(9, 11, 20)],
        ];
        let g0 = representative(&tallies, 0);
        let ideas: Vec<(usize, Side)> = g0.iter().map(|r| (r.idea, r.side)).collect();
        assert_eq!(ideas, vec![(1, Side::Agree), (2, Side::Disagree)]);
        assert!(g0[0].ratio > 4.0 && g0[0].p > 0.8);
        let g1 = representative(&tallies, 1);
        assert_eq!(g1[0].idea, 2);
        assert!(all_agree(&tallies[0]) && !all_agree(&tallies[1]));
        assert!(divide(&tallies[1]) > 0.7 && divide(&tallies[0]) == 0.0);
    }

    #[test]
    fn at_most_five_representative_ideas() {
        let tallies: Vec<Vec<Tally>> = (0..9).map(|i| vec![t(19, 0, 20), t(i, 15, 20)]).collect();
        assert_eq!(representative(&tallies, 0).len(), 5);
    }
}
