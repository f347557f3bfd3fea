//! Go's `sort.Sort` (pattern-defeating quicksort since Go 1.19) reproduced step for step, so
//! that elements its `Less` calls equal end up where Go puts them. apimachinery sorts merge
//! lists with a `Less` that is `<=` on `%v` texts, which makes the order of equal keys depend
//! on every comparison and swap the algorithm makes: insertion sort up to 12 elements, then
//! median-of-three (ninther from 50) pivots, a partial insertion sort on presorted input,
//! partitions around the pivot (an equal-elements partition when the pivot equals the
//! element before the range), heapsort past the recursion limit, and a deterministic
//! pattern breaker (a xorshift generator seeded with the length).

/// A slice being sorted through `less(i, j)` and `swap(i, j)` only.
struct Data<'a, T> {
    items: &'a mut [T],
    less: &'a dyn Fn(&T, &T) -> bool,
}

impl<T> Data<'_, T> {
    fn less(&self, i: usize, j: usize) -> bool {
        (self.less)(&self.items[i], &self.items[j])
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.items.swap(i, j);
    }

    fn insertion_sort(&mut self, a: usize, b: usize) {
        for i in a + 1..b {
            let mut j = i;
            while j > a && self.less(j, j - 1) {
                self.swap(j, j - 1);
                j -= 1;
            }
        }
    }

    fn sift_down(&mut self, mut root: usize, hi: usize, first: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= hi {
                return;
            }
            if child + 1 < hi && self.less(first + child, first + child + 1) {
                child += 1;
            }
            if !self.less(first + root, first + child) {
                return;
            }
            self.swap(first + root, first + child);
            root = child;
        }
    }

    fn heap_sort(&mut self, a: usize, b: usize) {
        let n = b - a;
        for i in (0..=(n - 1) / 2).rev() {
            self.sift_down(i, n, a);
        }
        for i in (0..n).rev() {
            self.swap(a, a + i);
            self.sift_down(0, i, a);
        }
    }

    /// `order2` inside `median`: the pair in order, counting a swap.
    fn ordered(&self, x: usize, y: usize, swaps: &mut usize) -> (usize, usize) {
        if self.less(y, x) {
            *swaps += 1;
            (y, x)
        } else {
            (x, y)
        }
    }

    fn median(&self, x: usize, y: usize, z: usize, swaps: &mut usize) -> usize {
        let (x, y) = self.ordered(x, y, swaps);
        let (y, _) = self.ordered(y, z, swaps);
        let (_, y) = self.ordered(x, y, swaps);
        y
    }

    /// The pivot and whether the samples looked increasing (`Some(true)`), decreasing
    /// (`Some(false)`) or neither.
    fn choose_pivot(&self, a: usize, b: usize) -> (usize, Option<bool>) {
        let len = b - a;
        let mut swaps = 0;
        let (mut low, mut mid, mut high) = (a + len / 4, a + len / 4 * 2, a + len / 4 * 3);
        if len >= 8 {
            if len >= 50 {
                low = self.median(low - 1, low, low + 1, &mut swaps);
                mid = self.median(mid - 1, mid, mid + 1, &mut swaps);
                high = self.median(high - 1, high, high + 1, &mut swaps);
            }
            mid = self.median(low, mid, high, &mut swaps);
        }
        match swaps {
            0 => (mid, Some(true)),
            12 => (mid, Some(false)),
            _ => (mid, None),
        }
    }

    fn reverse(&mut self, a: usize, b: usize) {
        let (mut i, mut j) = (a, b - 1);
        while i < j {
            self.swap(i, j);
            i += 1;
            j -= 1;
        }
    }

    /// Fixes up to five out-of-order neighbours; true when the range ends up sorted.
    fn partial_insertion_sort(&mut self, a: usize, b: usize) -> bool {
        let mut i = a + 1;
        for _ in 0..5 {
            while i < b && !self.less(i, i - 1) {
                i += 1;
            }
            if i == b {
                return true;
            }
            if b - a < 50 {
                return false;
            }
            self.swap(i, i - 1);
            if i - a >= 2 {
                let mut j = i - 1;
                while j >= 1 && self.less(j, j - 1) {
                    self.swap(j, j - 1);
                    j -= 1;
                }
            }
            if b - i >= 2 {
                let mut j = i + 1;
                while j < b && self.less(j, j - 1) {
                    self.swap(j, j - 1);
                    j += 1;
                }
            }
        }
        false
    }

    /// Partitions around the pivot moved to `a`: its final place and whether nothing moved.
    /// Indexes are signed: the right cursor may pass below `a + 1`.
    fn partition(&mut self, a: usize, b: usize, pivot: usize) -> (usize, bool) {
        self.swap(a, pivot);
        let (mut i, mut j) = (a as isize + 1, b as isize - 1);
        let at = |x: isize| usize::try_from(x).unwrap_or_default();
        while i <= j && self.less(at(i), a) {
            i += 1;
        }
        while i <= j && !self.less(at(j), a) {
            j -= 1;
        }
        if i > j {
            self.swap(at(j), a);
            return (at(j), true);
        }
        self.swap(at(i), at(j));
        i += 1;
        j -= 1;
        loop {
            while i <= j && self.less(at(i), a) {
                i += 1;
            }
            while i <= j && !self.less(at(j), a) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(at(i), at(j));
            i += 1;
            j -= 1;
        }
        self.swap(at(j), a);
        (at(j), false)
    }

    /// Moves the elements equal to the pivot to the front: where the greater ones start.
    fn partition_equal(&mut self, a: usize, b: usize, pivot: usize) -> usize {
        self.swap(a, pivot);
        let (mut i, mut j) = (a as isize + 1, b as isize - 1);
        let at = |x: isize| usize::try_from(x).unwrap_or_default();
        loop {
            while i <= j && !self.less(a, at(i)) {
                i += 1;
            }
            while i <= j && self.less(a, at(j)) {
                j -= 1;
            }
            if i > j {
                break;
            }
            self.swap(at(i), at(j));
            i += 1;
            j -= 1;
        }
        at(i)
    }

    fn break_patterns(&mut self, a: usize, b: usize) {
        let len = b - a;
        if len < 8 {
            return;
        }
        let mut random = len as u64;
        let modulus = 1usize << (usize::BITS - len.leading_zeros());
        let mid = a + (len / 4) * 2;
        for idx in mid - 1..=mid + 1 {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            #[allow(
                clippy::cast_possible_truncation,
                reason = "Go's int(uint(x)) on a 64-bit platform, masked below the length"
            )]
            let mut other = (random as usize) & (modulus - 1);
            if other >= len {
                other -= len;
            }
            self.swap(idx, a + other);
        }
    }

    fn pdqsort(&mut self, mut a: usize, mut b: usize, mut limit: u32) {
        let (mut balanced, mut partitioned) = (true, true);
        loop {
            let len = b - a;
            if len <= 12 {
                self.insertion_sort(a, b);
                return;
            }
            if limit == 0 {
                self.heap_sort(a, b);
                return;
            }
            if !balanced {
                self.break_patterns(a, b);
                limit -= 1;
            }
            let (mut pivot, mut increasing) = self.choose_pivot(a, b);
            if increasing == Some(false) {
                self.reverse(a, b);
                pivot = (b - 1) - (pivot - a);
                increasing = Some(true);
            }
            if balanced
                && partitioned
                && increasing == Some(true)
                && self.partial_insertion_sort(a, b)
            {
                return;
            }
            if a > 0 && !self.less(a - 1, pivot) {
                a = self.partition_equal(a, b, pivot);
                continue;
            }
            let (mid, already) = self.partition(a, b, pivot);
            partitioned = already;
            let (left, right) = (mid - a, b - mid);
            if left < right {
                balanced = left >= len / 8;
                self.pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                balanced = right >= len / 8;
                self.pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }
}

/// `sort.Sort` of `items` with `less`.
pub(crate) fn sort<T>(items: &mut [T], less: &dyn Fn(&T, &T) -> bool) {
    let n = items.len();
    if n <= 1 {
        return;
    }
    let limit = usize::BITS - n.leading_zeros();
    Data { items, less }.pdqsort(0, n, limit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts() {
        let mut v: Vec<u32> = (0..500).map(|i| (i * 7919) % 503).collect();
        sort(&mut v, &|a, b| a < b);
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
        let mut v: Vec<u32> = (0..300).rev().collect();
        sort(&mut v, &|a, b| a < b);
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
    }
}
