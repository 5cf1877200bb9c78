//! "Did you mean" suggestions by edit distance.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        // Edit distance is at least the length difference: skip the work.
        if candidate.len().abs_diff(name.len()) > limit {
            continue;
        }
        let distance = levenshtein(name, candidate);
        if distance > limit {
            continue;
        }
        // Ties go to the alphabetically first name, so output is stable.
        let better = match best {
            None => true,
            Some((d, b)) => distance < d || (distance == d && candidate < b),
        };
        if better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["customers", "contract", "lending"];
        assert_eq!(
            closest("custmers", names.iter().copied()),
            Some("customers")
        );
        assert_eq!(closest("lendng", names.iter().copied()), Some("lending"));
        assert_eq!(closest("zebra", names.iter().copied()), None);
    }
}
