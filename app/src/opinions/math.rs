//! Opinion groups from a participant × idea vote matrix, the way Pol.is finds them
//! (compdemocracy/polis, `math/src/polismath/math/{conversation,pca,clusters}.clj`), computed
//! from scratch and deterministically: the same votes always give the same groups.
//!
//! 1. Who counts: everyone who voted on at least min(7, ideas) ideas; if fewer than 15 do, the
//!    most active voters are added up to 15.
//! 2. PCA of the vote matrix (agree +1, disagree −1, pass 0; no vote = the idea's mean, so a
//!    centred missing vote is 0 and the matrix stays sparse), two components by power
//!    iteration.
//! 3. Each participant projected from the ideas they voted on, pushed out by
//!    sqrt(ideas / their votes) so that someone with few votes is not drawn to the centre.
//! 4. k-means into at most 100 base clusters (first distinct points as the start).
//! 5. The base clusters grouped by k-means weighted by their sizes, for k = 2..=max, and the k
//!    with the best silhouette (over base clusters) kept.
//!
//! Where Pol.is starts from earlier results (its previous clusters, a random PCA start, a k
//! that changes only after four updates in a row), this starts from the same fixed points every
//! time: it does not keep state between computations.

/// One participant's votes: (idea index, +1 agree / −1 disagree / 0 pass), each idea once.
pub type Row = Vec<(u32, f64)>;

/// The votes of a consultation, rows in a stable order (the order of the accounts).
#[derive(Clone, Debug, Default)]
pub struct VoteMatrix {
    pub ideas: usize,
    /// Hidden ideas that had votes. Pol.is keeps a statement its moderators rejected as a
    /// column of zeros ("passed" by everyone): it moves nobody, but it counts as a vote of
    /// everyone's when a place is scaled by sqrt(ideas / votes), which keeps people with few
    /// votes nearer the centre. Counted the same way here, so the groups match Pol.is's.
    pub zeroed: usize,
    pub rows: Vec<Row>,
}

/// What the computation found.
#[derive(Clone, Debug, PartialEq)]
pub struct Clustering {
    /// Each idea's mean vote and the two principal components: what places a voter.
    pub means: Vec<f64>,
    pub components: [Vec<f64>; 2],
    /// Each participant's place on the map (both components), counted or not.
    pub projection: Vec<[f64; 2]>,
    /// The group of each participant; `None` for those not counted.
    pub group_of: Vec<Option<usize>>,
    /// Base clusters: (centre, members).
    pub base: Vec<([f64; 2], Vec<usize>)>,
    /// Groups: the base clusters in each, and each group's centre (the size-weighted mean of
    /// its base clusters' centres, as the last k-means step left it).
    pub groups: Vec<Vec<usize>>,
    pub group_centres: Vec<[f64; 2]>,
    /// The silhouette of each k tried, best k first chosen.
    pub silhouettes: Vec<(usize, f64)>,
}

impl Clustering {
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// Members of each group.
    pub fn sizes(&self) -> Vec<usize> {
        self.groups
            .iter()
            .map(|g| g.iter().map(|&b| self.base[b].1.len()).sum())
            .collect()
    }
}

const BASE_K: usize = 100;
const BASE_ITERS: usize = 100;
const GROUP_ITERS: usize = 20;
const MAX_K: usize = 5;
const PCA_ITERS: usize = 100;
/// Pol.is's "same clustering": every centre moved less than this.
const SAME: f64 = 0.01;

/// Who counts (step 1).
pub fn counted(m: &VoteMatrix) -> Vec<bool> {
    let need = m.ideas.min(7);
    let mut counted: Vec<bool> = m.rows.iter().map(|r| r.len() >= need).collect();
    let n = counted.iter().filter(|c| **c).count();
    if n < 15 {
        let mut others: Vec<usize> = (0..m.rows.len())
            .filter(|&i| !counted[i] && !m.rows[i].is_empty())
            .collect();
        // Most votes first; among equals, the earlier participant.
        others.sort_by_key(|&i| (std::cmp::Reverse(m.rows[i].len()), i));
        for i in others.into_iter().take(15 - n) {
            counted[i] = true;
        }
    }
    counted
}

/// Each idea's mean vote over those who voted on it (0 for an idea nobody voted on).
fn column_means(m: &VoteMatrix) -> Vec<f64> {
    let mut sum = vec![0.0; m.ideas];
    let mut n = vec![0u32; m.ideas];
    for row in &m.rows {
        for &(j, v) in row {
            sum[j as usize] += v;
            n[j as usize] += 1;
        }
    }
    sum.iter()
        .zip(&n)
        .map(|(s, &n)| if n == 0 { 0.0 } else { s / n as f64 })
        .collect()
}

/// The centred, mean-filled matrix as sparse rows: a missing vote centres to 0.
struct Centred {
    rows: Vec<Vec<(u32, f64)>>,
    ideas: usize,
}

impl Centred {
    fn new(m: &VoteMatrix, means: &[f64]) -> Self {
        let rows = m
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|&(j, v)| (j, v - means[j as usize]))
                    .filter(|&(_, x)| x != 0.0)
                    .collect()
            })
            .collect();
        Centred {
            rows,
            ideas: m.ideas,
        }
    }

    /// Xᵀ(X v) with the components found so far taken out of X (Gram–Schmidt deflation, done
    /// implicitly so the matrix stays sparse): X' = X − Σ (X p) pᵀ.
    fn xtx(&self, v: &[f64], found: &[(Vec<f64>, Vec<f64>)]) -> Vec<f64> {
        // u = X' v
        let mut u: Vec<f64> = self.rows.iter().map(|r| dot_sparse(r, v)).collect();
        for (p, xp) in found {
            let pv = dot(p, v);
            for (ui, xpi) in u.iter_mut().zip(xp) {
                *ui -= xpi * pv;
            }
        }
        // X'ᵀ u = Xᵀ u − Σ p (X p · u)
        let mut out = vec![0.0; self.ideas];
        for (r, &ui) in self.rows.iter().zip(&u) {
            if ui != 0.0 {
                for &(j, x) in r {
                    out[j as usize] += x * ui;
                }
            }
        }
        for (p, xp) in found {
            let c = dot(xp, &u);
            for (o, pj) in out.iter_mut().zip(p) {
                *o -= pj * c;
            }
        }
        out
    }

    fn times(&self, p: &[f64]) -> Vec<f64> {
        self.rows.iter().map(|r| dot_sparse(r, p)).collect()
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn dot_sparse(r: &[(u32, f64)], v: &[f64]) -> f64 {
    r.iter().map(|&(j, x)| x * v[j as usize]).sum()
}

fn normalised(mut v: Vec<f64>) -> (Vec<f64>, f64) {
    let len = dot(&v, &v).sqrt();
    if len > 0.0 {
        v.iter_mut().for_each(|x| *x /= len);
    }
    (v, len)
}

/// A fixed start for the power iteration, far from any particular direction (Pol.is starts
/// from random numbers; a fixed spread keeps the result the same from run to run).
fn start_vector(n: usize, component: usize) -> Vec<f64> {
    (0..n)
        .map(|j| {
            let h = (j as u64 + 1).wrapping_mul(2_654_435_761) ^ (component as u64 * 40_503);
            0.5 + (h % 1000) as f64 / 1000.0
        })
        .collect()
}

/// The first two principal components (step 2), each of unit length (or zero when the votes
/// have no spread in that direction).
pub fn principal_components(m: &VoteMatrix) -> (Vec<f64>, [Vec<f64>; 2]) {
    let means = column_means(m);
    let x = Centred::new(m, &means);
    let mut found: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    for c in 0..2 {
        let mut v = start_vector(m.ideas, c);
        let mut last = 0.0;
        for _ in 0..PCA_ITERS {
            let (next, eigval) = normalised(x.xtx(&v, &found));
            v = next;
            if eigval == 0.0 || eigval == last {
                break;
            }
            last = eigval;
        }
        let xp = x.times(&v);
        found.push((v, xp));
    }
    let mut comps = found.into_iter().map(|(p, _)| p);
    let pc1 = comps.next().unwrap_or_default();
    let pc2 = comps.next().unwrap_or_default();
    (means, [pc1, pc2])
}

/// Each participant's place (step 3).
pub fn project(m: &VoteMatrix, means: &[f64], pcs: &[Vec<f64>; 2]) -> Vec<[f64; 2]> {
    m.rows
        .iter()
        .map(|r| place(r, m.ideas, m.zeroed, means, pcs))
        .collect()
}

/// One voter's place, from the ideas they voted on (also a voter the model was not computed
/// with: their own group is the one nearest to it).
pub fn place(
    row: &[(u32, f64)],
    ideas: usize,
    zeroed: usize,
    means: &[f64],
    pcs: &[Vec<f64>; 2],
) -> [f64; 2] {
    let (mut p1, mut p2) = (0.0, 0.0);
    for &(j, v) in row {
        let j = j as usize;
        let x = v - means.get(j).copied().unwrap_or(0.0);
        p1 += x * pcs[0].get(j).copied().unwrap_or(0.0);
        p2 += x * pcs[1].get(j).copied().unwrap_or(0.0);
    }
    let scale = ((ideas + zeroed) as f64 / (row.len() + zeroed).max(1) as f64).sqrt();
    [p1 * scale, p2 * scale]
}

pub fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// A cluster: its centre and its members (indices of the points).
pub type Cluster = ([f64; 2], Vec<usize>);

/// k-means on points with weights, started from the first `k` distinct points; clusters that
/// lose every member are dropped. Returns each cluster's centre and members (indices).
pub fn kmeans(points: &[[f64; 2]], weights: &[f64], k: usize, max_iters: usize) -> Vec<Cluster> {
    let mut centres: Vec<[f64; 2]> = Vec::new();
    for &p in points {
        if centres.len() == k {
            break;
        }
        if !centres.contains(&p) {
            centres.push(p);
        }
    }
    let mut clusters: Vec<([f64; 2], Vec<usize>)> = Vec::new();
    for _ in 0..=max_iters {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); centres.len()];
        for (i, &p) in points.iter().enumerate() {
            let mut best = 0;
            let mut best_d = f64::INFINITY;
            for (c, &centre) in centres.iter().enumerate() {
                let d = distance(p, centre);
                if d < best_d {
                    best_d = d;
                    best = c;
                }
            }
            members[best].push(i);
        }
        let next: Vec<([f64; 2], Vec<usize>)> = members
            .into_iter()
            .filter(|m| !m.is_empty())
            .map(|m| (weighted_mean(points, weights, &m), m))
            .collect();
        let moved = next.len() != centres.len()
            || sorted(next.iter().map(|c| c.0).collect())
                .iter()
                .zip(sorted(centres.clone()))
                .any(|(a, b)| distance(*a, b) >= SAME);
        centres = next.iter().map(|c| c.0).collect();
        clusters = next;
        if !moved {
            break;
        }
    }
    clusters
}

fn sorted(mut v: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v
}

fn weighted_mean(points: &[[f64; 2]], weights: &[f64], members: &[usize]) -> [f64; 2] {
    let total: f64 = members.iter().map(|&i| weights[i]).sum();
    let mut c = [0.0, 0.0];
    for &i in members {
        c[0] += points[i][0] * weights[i];
        c[1] += points[i][1] * weights[i];
    }
    if total > 0.0 {
        [c[0] / total, c[1] / total]
    } else {
        c
    }
}

/// The mean silhouette of a clustering of `points` (unweighted, as Pol.is scores its base
/// clusters); a member alone in its cluster scores 0.
pub fn silhouette(points: &[[f64; 2]], clusters: &[Vec<usize>]) -> f64 {
    let mut total = 0.0;
    let mut n = 0;
    for (c, members) in clusters.iter().enumerate() {
        for &i in members {
            n += 1;
            if members.len() == 1 {
                continue;
            }
            let mean_to = |ms: &[usize]| {
                let (s, k) = ms.iter().filter(|&&j| j != i).fold((0.0, 0), |(s, k), &j| {
                    (s + distance(points[i], points[j]), k + 1)
                });
                s / k as f64
            };
            let a = mean_to(members);
            let b = clusters
                .iter()
                .enumerate()
                .filter(|(o, ms)| *o != c && !ms.is_empty())
                .map(|(_, ms)| mean_to(ms))
                .fold(f64::INFINITY, f64::min);
            if b.is_finite() && a.max(b) > 0.0 {
                total += (b - a) / a.max(b);
            }
        }
    }
    if n == 0 {
        0.0
    } else {
        total / n as f64
    }
}

/// The whole computation (steps 1–5).
pub fn opinion_groups(m: &VoteMatrix) -> Clustering {
    let counted = counted(m);
    let (means, pcs) = principal_components(m);
    let projection = project(m, &means, &pcs);
    let who: Vec<usize> = (0..m.rows.len()).filter(|&i| counted[i]).collect();
    let points: Vec<[f64; 2]> = who.iter().map(|&i| projection[i]).collect();
    let base: Vec<([f64; 2], Vec<usize>)> =
        kmeans(&points, &vec![1.0; points.len()], BASE_K, BASE_ITERS)
            .into_iter()
            .map(|(c, ms)| (c, ms.into_iter().map(|i| who[i]).collect()))
            .collect();
    let centres: Vec<[f64; 2]> = base.iter().map(|b| b.0).collect();
    let sizes: Vec<f64> = base.iter().map(|b| b.1.len() as f64).collect();
    let max_k = MAX_K.min(2 + base.len() / 12);
    let mut best: Option<(f64, Vec<Cluster>)> = None;
    let mut silhouettes = Vec::new();
    for k in 2..=max_k {
        if base.len() < k {
            break;
        }
        let clusters = kmeans(&centres, &sizes, k, GROUP_ITERS);
        let members: Vec<Vec<usize>> = clusters.iter().map(|c| c.1.clone()).collect();
        let s = silhouette(&centres, &members);
        silhouettes.push((k, s));
        // On a tie the larger k wins, as in Pol.is (`max-key` keeps the last).
        if best.as_ref().is_none_or(|(b, _)| s >= *b) {
            best = Some((s, clusters));
        }
    }
    let clusters = best.map(|(_, c)| c).unwrap_or_else(|| {
        // Too few people for two groups: everyone counted is one group.
        if base.is_empty() {
            Vec::new()
        } else {
            let all: Vec<usize> = (0..base.len()).collect();
            vec![(weighted_mean(&centres, &sizes, &all), all)]
        }
    });
    let (group_centres, groups): (Vec<[f64; 2]>, Vec<Vec<usize>>) = clusters.into_iter().unzip();
    let mut group_of = vec![None; m.rows.len()];
    for (g, bases) in groups.iter().enumerate() {
        for &b in bases {
            for &p in &base[b].1 {
                group_of[p] = Some(g);
            }
        }
    }
    Clustering {
        means,
        components: pcs,
        projection,
        group_of,
        base,
        groups,
        group_centres,
        silhouettes,
    }
}

/// The adjusted Rand index of two labellings of the same items (1: the same partition, about
/// 0: no better than chance). Items labelled `None` in either are left out.
pub fn adjusted_rand_index(a: &[Option<usize>], b: &[Option<usize>]) -> f64 {
    use std::collections::HashMap;
    let pairs: Vec<(usize, usize)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    let choose2 = |n: usize| (n * n.saturating_sub(1)) as f64 / 2.0;
    let mut table: HashMap<(usize, usize), usize> = HashMap::new();
    let mut rows: HashMap<usize, usize> = HashMap::new();
    let mut cols: HashMap<usize, usize> = HashMap::new();
    for &(x, y) in &pairs {
        *table.entry((x, y)).or_default() += 1;
        *rows.entry(x).or_default() += 1;
        *cols.entry(y).or_default() += 1;
    }
    let index: f64 = table.values().map(|&n| choose2(n)).sum();
    let sum_rows: f64 = rows.values().map(|&n| choose2(n)).sum();
    let sum_cols: f64 = cols.values().map(|&n| choose2(n)).sum();
    let total = choose2(pairs.len());
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_rows * sum_cols / total;
    let max = (sum_rows + sum_cols) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Made-up votes with a known structure, for the benchmark: `participants` people in three
/// camps, each voting on `votes_each` ideas of `ideas`, with their camp's view four times in
/// five (the same seed gives the same votes).
pub fn synthetic(participants: usize, ideas: usize, votes_each: usize, seed: u64) -> VoteMatrix {
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64*: fast, and enough for made-up votes.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let stance: Vec<[f64; 3]> = (0..ideas)
        .map(|_| [0, 1, 2].map(|_| if next() % 2 == 0 { 1.0 } else { -1.0 }))
        .collect();
    let rows = (0..participants)
        .map(|p| {
            let camp = p % 3;
            let mut row: Vec<(u32, f64)> = Vec::with_capacity(votes_each);
            let mut seen = std::collections::HashSet::with_capacity(votes_each);
            while row.len() < votes_each.min(ideas) {
                let j = (next() % ideas as u64) as usize;
                if !seen.insert(j) {
                    continue;
                }
                let v = match next() % 10 {
                    0 => 0.0,
                    1 => -stance[j][camp],
                    _ => stance[j][camp],
                };
                row.push((j as u32, v));
            }
            row.sort_unstable_by_key(|e| e.0);
            row
        })
        .collect();
    VoteMatrix {
        ideas,
        zeroed: 0,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two camps of `n` each who agree within and disagree across on `ideas` ideas, and a
    /// few shared ideas everyone agrees with.
    fn two_camps(n: usize, ideas: usize) -> VoteMatrix {
        let rows = (0..2 * n)
            .map(|p| {
                let camp = if p % 2 == 0 { 1.0 } else { -1.0 };
                (0..ideas as u32)
                    .map(|j| {
                        let v = if j < 3 {
                            1.0
                        } else if (j as usize + p).is_multiple_of(5) {
                            0.0
                        } else if j % 2 == 0 {
                            camp
                        } else {
                            -camp
                        };
                        (j, v)
                    })
                    .collect()
            })
            .collect();
        VoteMatrix {
            ideas,
            zeroed: 0,
            rows,
        }
    }

    #[test]
    fn two_camps_make_two_groups() {
        let m = two_camps(40, 20);
        let c = opinion_groups(&m);
        assert_eq!(c.group_count(), 2, "{:?}", c.silhouettes);
        let camp: Vec<Option<usize>> = (0..80).map(|p| Some(p % 2)).collect();
        assert!((adjusted_rand_index(&c.group_of, &camp) - 1.0).abs() < 1e-12);
        assert_eq!(c.sizes(), vec![40, 40]);
    }

    #[test]
    fn made_up_camps_are_found() {
        let m = synthetic(600, 80, 30, 7);
        let c = opinion_groups(&m);
        let camp: Vec<Option<usize>> = (0..600).map(|p| Some(p % 3)).collect();
        assert!(
            adjusted_rand_index(&c.group_of, &camp) > 0.8,
            "{:?}",
            c.silhouettes
        );
        assert_eq!(m.rows.iter().map(Vec::len).sum::<usize>(), 600 * 30);
    }

    #[test]
    fn the_same_votes_give_the_same_groups() {
        let m = two_camps(30, 12);
        assert_eq!(opinion_groups(&m), opinion_groups(&m));
    }

    #[test]
    fn who_counts() {
        // Seven votes needed (of 10 ideas); with fewer than 15 such people the most active
        // others are added up to 15.
        let row = |n: u32| (0..n).map(|j| (j, 1.0)).collect::<Row>();
        let mut rows: Vec<Row> = (0..10).map(|_| row(7)).collect();
        rows.extend((0..10).map(|i| row(6 - (i % 3))));
        rows.push(Vec::new());
        let m = VoteMatrix {
            ideas: 10,
            zeroed: 0,
            rows,
        };
        let c = counted(&m);
        assert_eq!(c.iter().filter(|x| **x).count(), 15);
        assert!(c[..10].iter().all(|x| *x));
        // The five added voted 6 times each (participants 10, 13, 16, 19 and then 11 of 5).
        assert!(c[10] && c[13] && c[16] && c[19] && c[11]);
        assert!(!c[20], "nobody who never voted");
        // Few ideas: voting on all of them is enough.
        let m = VoteMatrix {
            ideas: 3,
            zeroed: 0,
            rows: (0..20).map(|_| row(3)).collect(),
        };
        assert!(counted(&m).iter().all(|x| *x));
    }

    #[test]
    fn the_first_component_is_the_direction_of_most_variance() {
        // Votes differ only on idea 1: the first component is that idea's axis.
        let rows = (0..20)
            .map(|p| vec![(0, 1.0), (1, if p < 10 { 1.0 } else { -1.0 }), (2, 0.0)])
            .collect();
        let m = VoteMatrix {
            ideas: 3,
            zeroed: 0,
            rows,
        };
        let (means, [pc1, _]) = principal_components(&m);
        assert_eq!(means, vec![1.0, 0.0, 0.0]);
        assert!((pc1[1].abs() - 1.0).abs() < 1e-9, "{pc1:?}");
        let p = project(&m, &means, &[pc1, vec![0.0; 3]]);
        assert!((p[0][0] + p[19][0]).abs() < 1e-9 && p[0][0].abs() > 0.9);
    }

    #[test]
    fn a_participant_with_few_votes_is_pushed_out() {
        let m = VoteMatrix {
            ideas: 4,
            zeroed: 0,
            rows: vec![vec![(0, 1.0)], vec![(0, 1.0), (1, 0.0), (2, 0.0), (3, 0.0)]],
        };
        let means = vec![0.0; 4];
        let pcs = [vec![1.0, 0.0, 0.0, 0.0], vec![0.0; 4]];
        let p = project(&m, &means, &pcs);
        assert_eq!(p[0][0], 2.0, "sqrt(4 ideas / 1 vote)");
        assert_eq!(p[1][0], 1.0);
    }

    #[test]
    fn kmeans_and_silhouette() {
        // Started from the first two distinct points, as Pol.is starts.
        let pts = [[0.0, 0.0], [10.0, 0.0], [0.0, 1.0], [10.0, 1.0]];
        let c = kmeans(&pts, &[1.0; 4], 2, 20);
        let mut members: Vec<Vec<usize>> = c.iter().map(|c| c.1.clone()).collect();
        members.sort();
        assert_eq!(members, vec![vec![0, 2], vec![1, 3]]);
        let s = silhouette(&pts, &members);
        // a = 1, b = mean(10, sqrt(101)) for every point.
        let b = (10.0 + 101f64.sqrt()) / 2.0;
        assert!((s - (b - 1.0) / b).abs() < 1e-12);
        // Weights pull a centre towards the heavier point.
        let c = kmeans(&[[0.0, 0.0], [3.0, 0.0]], &[1.0, 2.0], 1, 5);
        assert_eq!(c[0].0, [2.0, 0.0]);
        // A point alone in its cluster scores 0; the others (b − a) / max(a, b).
        let line = [[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]];
        let s = silhouette(&line, &[vec![0], vec![1, 2]]);
        assert!((s - (0.0 + (1.0 - 4.0) / 4.0 + (5.0 - 4.0) / 5.0) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn adjusted_rand_index_is_one_for_a_relabelling_and_low_for_noise() {
        let a: Vec<Option<usize>> = vec![Some(0), Some(0), Some(1), Some(1), None];
        let b: Vec<Option<usize>> = vec![Some(5), Some(5), Some(2), Some(2), Some(2)];
        assert!((adjusted_rand_index(&a, &b) - 1.0).abs() < 1e-12);
        let c: Vec<Option<usize>> = vec![Some(0), Some(1), Some(0), Some(1), None];
        assert!(adjusted_rand_index(&a, &c) < 0.0);
    }
}
