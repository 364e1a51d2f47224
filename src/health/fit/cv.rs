//! Folds and nested cross-validation: the penalty of each outer fold's fit is
//! chosen by cross-validation over that fold's training accounts only, so the
//! held-out AUC is an honest estimate; the final model's penalty by
//! cross-validation over all accounts.
//!
//! Inner folds are the other outer folds: the fits trained without folds `f`
//! and `g` serve outer fold `f` (measured on `g`) and outer fold `g` (measured
//! on `f`), so `K` folds need `K(K−1)/2` penalty paths, plus `K` for the final
//! model's penalty. The work is spread over the cores; each piece is
//! deterministic, so the result does not depend on how many there are.

use super::learn::{self, Fitted, Input};
use crate::health::demo::Rng;

/// Runs `work(i)` for `i` in `0..n` on every core; results in order of `i`.
pub fn parallel<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .clamp(1, n.max(1));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        out.push((i, work(i)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// `K` folds of `accounts`, stratified by outcome: the renewals and the churns are
/// each shuffled with `seed` and dealt out in turn, so every fold has the same share of
/// churn (within one account).
pub fn stratified(accounts: &[usize], renewed: &[bool], k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut folds = vec![Vec::new(); k];
    let mut dealt = 0;
    for class in [false, true] {
        let mut members: Vec<usize> = accounts
            .iter()
            .copied()
            .filter(|&a| renewed[a] == class)
            .collect();
        let mut rng = Rng::for_account(seed, u64::from(class));
        for i in (1..members.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            members.swap(i, j);
        }
        for a in members {
            folds[dealt % k].push(a);
            dealt += 1;
        }
    }
    for f in &mut folds {
        f.sort_unstable();
    }
    folds
}

/// Every account of `folds` except those of the folds in `without`, in order.
pub fn all_but(folds: &[Vec<usize>], without: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = folds
        .iter()
        .enumerate()
        .filter(|(f, _)| !without.contains(f))
        .flat_map(|(_, a)| a.iter().copied())
        .collect();
    v.sort_unstable();
    v
}

/// The most training accounts a penalty path is fitted on. The penalty is a
/// prior's precision, the same whatever the number of accounts, and it matters
/// only for small books: on a large one, the path runs on a sample of this size.
pub const PATH_SAMPLE: usize = 20_000;

/// At most [`PATH_SAMPLE`] of `accounts`, drawn with `seed`, in order.
pub fn sample(mut accounts: Vec<usize>, seed: u64) -> Vec<usize> {
    if accounts.len() <= PATH_SAMPLE {
        return accounts;
    }
    let mut rng = Rng::for_account(seed, 2);
    for i in 0..PATH_SAMPLE {
        let j = i + (rng.next_u64() % (accounts.len() - i) as u64) as usize;
        accounts.swap(i, j);
    }
    accounts.truncate(PATH_SAMPLE);
    accounts.sort_unstable();
    accounts
}

/// What nested cross-validation fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidated {
    /// Per outer fold, the model fitted without it (its penalty chosen inside).
    pub folds: Vec<Fitted>,
    /// The model fitted on every account (its penalty chosen by cross-validation over all).
    pub all: Fitted,
}

/// Fits a model per outer fold and one on all accounts, each penalty chosen by
/// cross-validation inside its training accounts. Needs at least 2 folds.
pub fn nested(input: &Input<'_>, folds: &[Vec<usize>], seed: u64) -> CrossValidated {
    let k = folds.len();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|f| (f + 1..k).map(move |g| (f, g)))
        .collect();
    // Work: the pair paths, then the outer paths (for the final penalty).
    let paths = parallel(pairs.len() + k, |w| {
        if let Some(&(f, g)) = pairs.get(w) {
            let train = sample(all_but(folds, &[f, g]), seed);
            learn::lambda_path(input, &train, &[&folds[f], &folds[g]])
        } else {
            let f = w - pairs.len();
            let train = sample(all_but(folds, &[f]), seed);
            learn::lambda_path(input, &train, &[&folds[f]])
        }
    });
    // inner[f][g]: held-out loss on g of the fit trained without f and g.
    let mut inner: Vec<Vec<Option<&[f64]>>> = vec![vec![None; k]; k];
    for (&(f, g), losses) in pairs.iter().zip(&paths) {
        inner[g][f] = Some(&losses[0]);
        inner[f][g] = Some(&losses[1]);
    }
    let mut lambdas: Vec<f64> = (0..k)
        .map(|f| {
            let losses: Vec<&[f64]> = inner[f].iter().flatten().copied().collect();
            if losses.is_empty() {
                learn::LAMBDAS[learn::LAMBDAS.len() / 2]
            } else {
                learn::best_lambda(&losses)
            }
        })
        .collect();
    let outer: Vec<&[f64]> = paths[pairs.len()..]
        .iter()
        .map(|l| l[0].as_slice())
        .collect();
    lambdas.push(learn::best_lambda(&outer));
    let mut fitted = parallel(k + 1, |w| {
        let train = if w < k {
            all_but(folds, &[w])
        } else {
            all_but(folds, &[])
        };
        learn::fit(input, &train, lambdas[w])
    });
    let all = fitted
        .pop()
        .unwrap_or_else(|| learn::fit(input, &[], lambdas[k]));
    CrossValidated { folds: fitted, all }
}

/// Fits one model on `train` with its penalty chosen by `k`-fold cross-validation
/// inside it (folds stratified with `seed`).
pub fn fit_choosing(input: &Input<'_>, train: &[usize], k: usize, seed: u64) -> Fitted {
    let folds = stratified(train, input.renewed, k, seed);
    let paths = parallel(k, |f| {
        let inner = sample(all_but(&folds, &[f]), seed);
        learn::lambda_path(input, &inner, &[&folds[f]])
    });
    let losses: Vec<&[f64]> = paths.iter().map(|l| l[0].as_slice()).collect();
    learn::fit(input, train, learn::best_lambda(&losses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stratified_deterministic_and_cover_every_account_once() {
        let renewed: Vec<bool> = (0..103).map(|i| i % 4 != 0).collect();
        let all: Vec<usize> = (0..103).collect();
        let f = stratified(&all, &renewed, 5, 7);
        assert_eq!(f, stratified(&all, &renewed, 5, 7));
        assert_ne!(f, stratified(&all, &renewed, 5, 8));
        let mut seen: Vec<usize> = f.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, all);
        // 26 churns over 5 folds: 6, 5, 5, 5, 5; every fold 20 or 21 accounts.
        let churns: Vec<usize> = f
            .iter()
            .map(|x| x.iter().filter(|&&a| !renewed[a]).count())
            .collect();
        assert_eq!(churns, vec![6, 5, 5, 5, 5]);
        assert!(f.iter().all(|x| x.len() == 20 || x.len() == 21));
        assert_eq!(all_but(&f, &[0, 1, 2, 3]), f[4]);
        let big: Vec<usize> = (0..PATH_SAMPLE + 10).collect();
        let s = sample(big.clone(), 1);
        assert_eq!(s.len(), PATH_SAMPLE);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s, sample(big, 1));
        assert_eq!(sample(vec![3, 5], 1), vec![3, 5]);
    }

    #[test]
    fn parallel_work_comes_back_in_order() {
        assert_eq!(parallel(7, |i| i * i), vec![0, 1, 4, 9, 16, 25, 36]);
        assert_eq!(parallel(0, |i| i), Vec::<usize>::new());
    }
}
