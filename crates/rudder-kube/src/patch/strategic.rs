//! `strategicpatch.CreateThreeWayMergePatch` (k8s.io/apimachinery), as Helm calls it for
//! built-in kinds (`overwrite = true`, no preconditions): the changes from the live object to
//! the target without deletions, merged with the deletions from the previous release's object
//! to the target, with the directives the API server understands (`$patch`,
//! `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`, `$retainKeys`).
//!
//! The walk follows apimachinery's semantics, including the parts that are quirks rather
//! than design: lists of scalars are compared by their `%v` texts, merge-key values too; a
//! primitive merge list's original is compared sorted; deletions are deduplicated by moving
//! the last element into the hole. Maps are walked in sorted key order where Go walks them in
//! random order: this only decides which error is reported when several fields are wrong.

use serde_json::{Map, Value as Json};

use super::PatchError;
use super::gojson::{GoType, deep_equal, go_type, sorted_keys, sprint, type_name};
use super::meta::{PatchMeta, Schema};

type JsonMap = Map<String, Json>;

const DIRECTIVE_MARKER: &str = "$patch";
const DELETE_DIRECTIVE: &str = "delete";
const REPLACE_DIRECTIVE: &str = "replace";
const MERGE_DIRECTIVE: &str = "merge";
const RETAIN_KEYS_STRATEGY: &str = "retainKeys";
const DELETE_FROM_PRIMITIVE_LIST_PREFIX: &str = "$deleteFromPrimitiveList";
const RETAIN_KEYS_DIRECTIVE: &str = "$retainKeys";
const SET_ELEMENT_ORDER_PREFIX: &str = "$setElementOrder";

#[derive(Debug, Clone, Copy, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "apimachinery's DiffOptions, field for field"
)]
struct DiffOptions {
    set_element_order: bool,
    ignore_changes_and_additions: bool,
    ignore_deletions: bool,
    build_retain_keys_directive: bool,
}

fn err(text: impl Into<String>) -> PatchError {
    PatchError(text.into())
}

/// `mergepatch.ErrBadArgType(expected, actual)`.
fn bad_arg_type(expected: &str, actual: &Json) -> PatchError {
    err(format!(
        "expected a {expected}, but received a {}",
        type_name(actual)
    ))
}

/// `mergepatch.ErrNoMergeKey(m, k)`.
fn no_merge_key(m: &JsonMap, key: &str) -> PatchError {
    err(format!(
        "map: {} does not contain declared merge key: {key}",
        sprint(&Json::Object(m.clone()))
    ))
}

const MAP_TYPE: &str = "map[string]interface {}";
const SLICE_TYPE: &str = "[]interface {}";

/// `CreateThreeWayMergePatch(original, modified, current, schema, true)` on decoded objects.
pub(crate) fn three_way(
    original: &JsonMap,
    modified: &JsonMap,
    current: &JsonMap,
    schema: Schema<'_>,
) -> Result<JsonMap, PatchError> {
    let delta = diff_maps(
        current,
        modified,
        schema,
        DiffOptions {
            ignore_deletions: true,
            set_element_order: true,
            ..DiffOptions::default()
        },
    )?;
    let deletions = diff_maps(
        original,
        modified,
        schema,
        DiffOptions {
            set_element_order: true,
            ignore_changes_and_additions: true,
            ..DiffOptions::default()
        },
    )?;
    merge_map(deletions, delta, schema)
}

fn extract_retain_keys(strategies: &[String]) -> Result<(bool, String), PatchError> {
    match strategies {
        [] => Ok((false, String::new())),
        [one] if one == RETAIN_KEYS_STRATEGY => Ok((true, String::new())),
        [one] => Ok((false, one.clone())),
        [a, b] if a == RETAIN_KEYS_STRATEGY => Ok((true, b.clone())),
        [a, b] if b == RETAIN_KEYS_STRATEGY => Ok((true, a.clone())),
        _ => Err(err(format!(
            "unexpected patch strategy: [{}]",
            strategies.join(" ")
        ))),
    }
}

fn diff_maps(
    original: &JsonMap,
    modified: &JsonMap,
    schema: Schema<'_>,
    options: DiffOptions,
) -> Result<JsonMap, PatchError> {
    let mut patch = JsonMap::new();
    let mut retain_keys: Vec<Json> = Vec::new();
    for key in sorted_keys(modified) {
        let modified_value = &modified[key];
        if options.build_retain_keys_directive && !modified_value.is_null() {
            retain_keys.push(Json::String(key.clone()));
        }
        let Some(original_value) = original.get(key) else {
            if !options.ignore_changes_and_additions {
                patch.insert(key.clone(), modified_value.clone());
            }
            continue;
        };
        if key == DIRECTIVE_MARKER {
            let (Json::String(o), Json::String(m)) = (original_value, modified_value) else {
                return Err(err("invalid value for special key: $patch"));
            };
            if o != m {
                patch.insert(key.clone(), modified_value.clone());
            }
            continue;
        }
        if go_type(original_value) != go_type(modified_value) {
            if !options.ignore_changes_and_additions {
                patch.insert(key.clone(), modified_value.clone());
            }
            continue;
        }
        match (original_value, modified_value) {
            (Json::Object(o), Json::Object(m)) => {
                handle_map_diff(key, o, m, &mut patch, schema, options)?;
            }
            (Json::Array(o), Json::Array(m)) => {
                handle_slice_diff(key, o, m, &mut patch, schema, options)?;
            }
            _ => replace_if_not_equal(key, original_value, modified_value, &mut patch, options),
        }
    }
    if !options.ignore_deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Json::Null);
            }
        }
    }
    if !retain_keys.is_empty()
        && (!patch.is_empty() || has_additional_new_field(original, modified))
    {
        sort_scalars(&mut retain_keys);
        patch.insert(RETAIN_KEYS_DIRECTIVE.to_owned(), Json::Array(retain_keys));
    }
    Ok(patch)
}

fn has_additional_new_field(original: &JsonMap, modified: &JsonMap) -> bool {
    original
        .iter()
        .any(|(k, v)| !v.is_null() && !modified.contains_key(k))
}

fn replace_if_not_equal(
    key: &str,
    original: &Json,
    modified: &Json,
    patch: &mut JsonMap,
    options: DiffOptions,
) {
    if options.ignore_changes_and_additions || deep_equal(original, modified) {
        return;
    }
    patch.insert(key.to_owned(), modified.clone());
}

fn handle_map_diff(
    key: &str,
    original: &JsonMap,
    modified: &JsonMap,
    patch: &mut JsonMap,
    schema: Schema<'_>,
    mut options: DiffOptions,
) -> Result<(), PatchError> {
    let (subschema, meta) = match schema.lookup_struct(key) {
        Ok(found) => found,
        Err(e) => {
            if maps_equal(original, modified) {
                return Ok(());
            }
            return Err(e);
        }
    };
    let (retain_keys, strategy) = extract_retain_keys(&meta.strategies)?;
    options.build_retain_keys_directive = retain_keys;
    if strategy == REPLACE_DIRECTIVE {
        if !options.ignore_changes_and_additions {
            patch.insert(key.to_owned(), Json::Object(modified.clone()));
        }
    } else {
        let value = diff_maps(original, modified, subschema, options)?;
        if !value.is_empty() {
            patch.insert(key.to_owned(), Json::Object(value));
        }
    }
    Ok(())
}

fn maps_equal(a: &JsonMap, b: &JsonMap) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| deep_equal(v, w)))
}

fn handle_slice_diff(
    key: &str,
    original: &[Json],
    modified: &[Json],
    patch: &mut JsonMap,
    schema: Schema<'_>,
    mut options: DiffOptions,
) -> Result<(), PatchError> {
    let (subschema, meta) = match schema.lookup_slice(key) {
        Ok(found) => found,
        Err(e) => {
            if slices_equal(original, modified) {
                return Ok(());
            }
            return Err(e);
        }
    };
    let (retain_keys, strategy) = extract_retain_keys(&meta.strategies)?;
    if strategy == MERGE_DIRECTIVE {
        options.build_retain_keys_directive = retain_keys;
        let (add, delete, order) =
            diff_lists(original, modified, subschema, &meta.merge_key, options)?;
        if !add.is_empty() {
            patch.insert(key.to_owned(), Json::Array(add));
        }
        if !delete.is_empty() {
            patch.insert(
                format!("{DELETE_FROM_PRIMITIVE_LIST_PREFIX}/{key}"),
                Json::Array(delete),
            );
        }
        if !order.is_empty() {
            patch.insert(
                format!("{SET_ELEMENT_ORDER_PREFIX}/{key}"),
                Json::Array(order),
            );
        }
    } else if !options.ignore_changes_and_additions && !slices_equal(original, modified) {
        patch.insert(key.to_owned(), Json::Array(modified.to_vec()));
    }
    Ok(())
}

fn slices_equal(a: &[Json], b: &[Json]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| deep_equal(x, y))
}

/// `sliceElementType`: the one dynamic type of every element of the lists.
fn slice_element_type(lists: &[&[Json]]) -> Result<GoType, PatchError> {
    let mut previous: Option<GoType> = None;
    for list in lists {
        for v in *list {
            let t = go_type(v);
            match previous {
                None => {
                    if t == GoType::Slice {
                        return Err(err("lists of lists are not supported"));
                    }
                    previous = Some(t);
                }
                Some(p) if p != t => {
                    let all: Vec<String> = lists
                        .iter()
                        .map(|l| sprint(&Json::Array(l.to_vec())))
                        .collect();
                    return Err(err(format!(
                        "list element types are not identical: [{}]",
                        all.join(" ")
                    )));
                }
                Some(_) => {}
            }
        }
    }
    previous.ok_or_else(|| err("no elements in any of the given slices"))
}

type Lists = (Vec<Json>, Vec<Json>, Vec<Json>);

fn diff_lists(
    original: &[Json],
    modified: &[Json],
    schema: Schema<'_>,
    merge_key: &str,
    options: DiffOptions,
) -> Result<Lists, PatchError> {
    if original.is_empty() {
        if modified.is_empty() || options.ignore_changes_and_additions {
            return Ok((Vec::new(), Vec::new(), Vec::new()));
        }
        return Ok((modified.to_vec(), Vec::new(), Vec::new()));
    }
    match slice_element_type(&[original, modified])? {
        GoType::Map => {
            let (patch, deletions) =
                diff_lists_of_maps(original, modified, schema, merge_key, options)?;
            let mut patch = normalize_slice_order(patch, modified, merge_key, GoType::Map)?;
            let order_same = is_order_same(original, modified, merge_key)?;
            patch.extend(deletions);
            let mut order = Vec::new();
            if options.set_element_order
                && ((!options.ignore_changes_and_additions && (!patch.is_empty() || !order_same))
                    || (!options.ignore_deletions && !patch.is_empty()))
            {
                for v in modified {
                    let mut entry = JsonMap::new();
                    let value = v
                        .as_object()
                        .and_then(|m| m.get(merge_key))
                        .cloned()
                        .unwrap_or(Json::Null);
                    entry.insert(merge_key.to_owned(), value);
                    order.push(Json::Object(entry));
                }
            }
            Ok((patch, Vec::new(), order))
        }
        GoType::Slice => Err(err("lists of lists are not supported")),
        kind => {
            let mut sorted_original = original.to_vec();
            sort_scalars(&mut sorted_original);
            let (add, deletions) = diff_lists_of_scalars(&sorted_original, modified, options);
            let add = normalize_slice_order(add, modified, merge_key, kind)?;
            let order = if options.set_element_order
                && ((!options.ignore_deletions && !deletions.is_empty())
                    || (!options.ignore_changes_and_additions
                        && !slices_equal(&sorted_original, modified)))
            {
                modified.to_vec()
            } else {
                Vec::new()
            };
            Ok((add, deletions, order))
        }
    }
}

fn merge_key_value<'v>(v: &'v Json, merge_key: &str) -> Result<&'v Json, PatchError> {
    let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, v))?;
    m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))
}

fn is_order_same(
    original: &[Json],
    modified: &[Json],
    merge_key: &str,
) -> Result<bool, PatchError> {
    if original.len() != modified.len() {
        return Ok(false);
    }
    for (o, m) in original.iter().zip(modified) {
        if !merge_key_value_equal(o, m, merge_key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `mergeKeyValueEqual`: Go's `==` on the two merge-key values.
fn merge_key_value_equal(left: &Json, right: &Json, merge_key: &str) -> Result<bool, PatchError> {
    if merge_key.is_empty() {
        return Ok(deep_equal(left, right));
    }
    let l = left
        .as_object()
        .ok_or_else(|| bad_arg_type(MAP_TYPE, left))?;
    let r = right
        .as_object()
        .ok_or_else(|| bad_arg_type(MAP_TYPE, right))?;
    let lv = l.get(merge_key).ok_or_else(|| no_merge_key(l, merge_key))?;
    let rv = r.get(merge_key).ok_or_else(|| no_merge_key(r, merge_key))?;
    Ok(deep_equal(lv, rv))
}

/// `diffListsOfScalars` on the sorted original: additions and deduplicated deletions.
fn diff_lists_of_scalars(
    sorted_original: &[Json],
    modified: &[Json],
    options: DiffOptions,
) -> (Vec<Json>, Vec<Json>) {
    let mut modified_sorted = modified.to_vec();
    sort_scalars(&mut modified_sorted);
    let (mut i, mut j) = (0, 0);
    let mut add = Vec::new();
    let mut deletions = Vec::new();
    while i < sorted_original.len() || j < modified_sorted.len() {
        let o = sorted_original.get(i).map(sprint);
        let m = modified_sorted.get(j).map(sprint);
        match (o, m) {
            (Some(o), Some(m)) if o == m => {
                i += 1;
                j += 1;
            }
            (Some(o), Some(m)) if o > m => {
                if !options.ignore_changes_and_additions {
                    add.push(modified_sorted[j].clone());
                }
                j += 1;
            }
            (None, Some(_)) => {
                if !options.ignore_changes_and_additions {
                    add.push(modified_sorted[j].clone());
                }
                j += 1;
            }
            _ => {
                if !options.ignore_deletions {
                    deletions.push(sorted_original[i].clone());
                }
                i += 1;
            }
        }
    }
    deduplicate_scalars(&mut deletions);
    (add, deletions)
}

fn diff_lists_of_maps(
    original: &[Json],
    modified: &[Json],
    schema: Schema<'_>,
    merge_key: &str,
    options: DiffOptions,
) -> Result<(Vec<Json>, Vec<Json>), PatchError> {
    let original_sorted = sort_maps_by_field(original, merge_key)?;
    let modified_sorted = sort_maps_by_field(modified, merge_key)?;
    let mut patch = Vec::new();
    let mut deletions = Vec::new();
    let (mut i, mut j) = (0, 0);
    let entry = |list: &[Json], n: usize| -> Result<(JsonMap, Json), PatchError> {
        let m = list[n]
            .as_object()
            .ok_or_else(|| bad_arg_type(MAP_TYPE, &list[n]))?;
        let value = m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))?;
        Ok((m.clone(), value.clone()))
    };
    while i < original_sorted.len() || j < modified_sorted.len() {
        let o = if i < original_sorted.len() {
            Some(entry(&original_sorted, i)?)
        } else {
            None
        };
        let m = if j < modified_sorted.len() {
            Some(entry(&modified_sorted, j)?)
        } else {
            None
        };
        let os = o.as_ref().map(|(_, v)| sprint(v));
        let ms = m.as_ref().map(|(_, v)| sprint(v));
        match (o, m) {
            (Some((om, _)), Some((mm, mv))) if os == ms => {
                let mut value = diff_maps(&om, &mm, schema, options)?;
                if !value.is_empty() {
                    value.insert(merge_key.to_owned(), mv);
                    patch.push(Json::Object(value));
                }
                i += 1;
                j += 1;
            }
            (None, Some((mm, _))) => {
                if !options.ignore_changes_and_additions {
                    patch.push(Json::Object(mm));
                }
                j += 1;
            }
            (Some(_), Some((mm, _))) if os > ms => {
                if !options.ignore_changes_and_additions {
                    patch.push(Json::Object(mm));
                }
                j += 1;
            }
            (Some((_, ov)), _) => {
                if !options.ignore_deletions {
                    let mut directive = JsonMap::new();
                    directive.insert(merge_key.to_owned(), ov);
                    directive.insert(
                        DIRECTIVE_MARKER.to_owned(),
                        Json::String(DELETE_DIRECTIVE.to_owned()),
                    );
                    deletions.push(Json::Object(directive));
                }
                i += 1;
            }
            (None, None) => break,
        }
    }
    Ok((patch, deletions))
}

/// `sort.Sort` with a `<=` comparison of `%v` texts, as `SortableSliceOfScalars` and
/// `SortableSliceOfMaps` compare (`sort.StringsAreSorted([]string{a, b})`): Go's pdqsort step
/// for step ([`super::gosort`]), so that elements with the same text end up in Go's order.
fn go_sort_by_text(items: &mut [Json], text: impl Fn(&Json) -> String) {
    let mut keyed: Vec<(String, Json)> = items.iter().map(|v| (text(v), v.clone())).collect();
    super::gosort::sort(&mut keyed, &|a, b| a.0 <= b.0);
    for (slot, (_, v)) in items.iter_mut().zip(keyed) {
        *slot = v;
    }
}

fn sort_scalars(items: &mut [Json]) {
    go_sort_by_text(items, sprint);
}

/// `sortMergeListsByNameArray(list, schema, mergeKey, false)`.
fn sort_maps_by_field(list: &[Json], merge_key: &str) -> Result<Vec<Json>, PatchError> {
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = list.to_vec();
    if slice_element_type(&[list])? != GoType::Map {
        deduplicate_scalars(&mut out);
        sort_scalars(&mut out);
        return Ok(out);
    }
    go_sort_by_text(&mut out, |v| {
        sprint(
            v.as_object()
                .and_then(|m| m.get(merge_key))
                .unwrap_or(&Json::Null),
        )
    });
    Ok(out)
}

/// `deduplicateScalars`: a later duplicate is replaced by the last element.
fn deduplicate_scalars(s: &mut Vec<Json>) {
    if s.is_empty() {
        return;
    }
    let mut length = s.len() - 1;
    let mut i = 0;
    while i < length {
        let mut j = i + 1;
        while j <= length {
            if deep_equal(&s[i], &s[j]) {
                s[j] = s[length].clone();
                s.truncate(length);
                length -= 1;
                continue;
            }
            j += 1;
        }
        i += 1;
    }
}

/// `index`: the position of `v` in `list` (by merge-key value for maps, by value otherwise).
fn index_of(list: &[Json], v: &Json, merge_key: &str, kind: GoType) -> Option<usize> {
    // Go's getValFn: the merge-key value of a map (nil for anything else), or the item.
    let key = |item: &Json| -> Json {
        if kind == GoType::Map {
            item.as_object()
                .and_then(|m| m.get(merge_key))
                .cloned()
                .unwrap_or(Json::Null)
        } else {
            item.clone()
        }
    };
    let wanted = key(v);
    list.iter().position(|item| deep_equal(&wanted, &key(item)))
}

/// `normalizeSliceOrder`: `to_sort` stably ordered by the positions in `order` (deletion
/// directives moved to the end, merge keys checked for maps).
fn normalize_slice_order(
    to_sort: Vec<Json>,
    order: &[Json],
    merge_key: &str,
    kind: GoType,
) -> Result<Vec<Json>, PatchError> {
    let mut to_sort = to_sort;
    let mut to_delete = Vec::new();
    if kind == GoType::Map {
        for v in to_sort.iter().chain(order) {
            merge_key_value(v, merge_key)?;
        }
        let (keep, delete): (Vec<Json>, Vec<Json>) = to_sort.into_iter().partition(|v| {
            v.get(DIRECTIVE_MARKER) != Some(&Json::String(DELETE_DIRECTIVE.to_owned()))
        });
        to_sort = keep;
        to_delete = delete;
    }
    // sort.SliceStable with a comparison that answers "less" whenever either element is
    // missing from `order`: an insertion sort (Go's for up to 20 elements) reproduces it.
    let positions: Vec<Option<usize>> = to_sort
        .iter()
        .map(|v| index_of(order, v, merge_key, kind))
        .collect();
    let mut idx: Vec<usize> = (0..to_sort.len()).collect();
    let less = |a: usize, b: usize| match (positions[a], positions[b]) {
        (Some(x), Some(y)) => x < y,
        _ => true,
    };
    for i in 1..idx.len() {
        let mut j = i;
        while j > 0 && less(idx[j], idx[j - 1]) {
            idx.swap(j, j - 1);
            j -= 1;
        }
    }
    let mut out: Vec<Json> = idx.iter().map(|&i| to_sort[i].clone()).collect();
    out.extend(to_delete);
    Ok(out)
}

/// `mergeSortedSlice`: the server-only items (`left`) inserted among the patch items
/// (`right`) by their order in the live list.
fn merge_sorted_slice(
    left: &[Json],
    right: &[Json],
    server_order: &[Json],
    merge_key: &str,
    kind: GoType,
) -> Vec<Json> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        if i >= left.len() {
            out.push(right[j].clone());
            j += 1;
        } else if j >= right.len() {
            out.push(left[i].clone());
            i += 1;
        } else {
            let li = index_of(server_order, &left[i], merge_key, kind);
            let ri = index_of(server_order, &right[j], merge_key, kind);
            if matches!((li, ri), (Some(a), Some(b)) if a < b) {
                out.push(left[i].clone());
                i += 1;
            } else {
                out.push(right[j].clone());
                j += 1;
            }
        }
    }
    out
}

fn normalize_element_order(
    patch: Vec<Json>,
    server_only: Vec<Json>,
    patch_order: &[Json],
    server_order: &[Json],
    merge_key: &str,
    kind: GoType,
) -> Result<Vec<Json>, PatchError> {
    let patch = normalize_slice_order(patch, patch_order, merge_key, kind)?;
    let server_only = normalize_slice_order(server_only, server_order, merge_key, kind)?;
    Ok(merge_sorted_slice(
        &server_only,
        &patch,
        server_order,
        merge_key,
        kind,
    ))
}

// ---- mergeMap with MergeOptions{} (the client-side merge of the two diffs) ----

fn merge_map(
    mut original: JsonMap,
    mut patch: JsonMap,
    schema: Schema<'_>,
) -> Result<JsonMap, PatchError> {
    if let Some(directive) = patch.get(DIRECTIVE_MARKER) {
        return match directive.as_str() {
            Some(REPLACE_DIRECTIVE) => {
                patch.remove(DIRECTIVE_MARKER);
                Ok(patch)
            }
            Some(DELETE_DIRECTIVE) => Ok(JsonMap::new()),
            _ => Err(err(format!(
                "unknown patch type: {} in map: {}",
                go_percent_s(directive),
                sprint(&Json::Object(patch.clone()))
            ))),
        };
    }
    apply_retain_keys_directive(&mut original, &mut patch)?;
    merge_patch_into_original(&mut original, &mut patch, schema)?;
    for key in sorted_keys(&patch.clone()) {
        let patch_value = patch[key.as_str()].clone();
        if key.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX) {
            original.insert(key.clone(), patch_value);
            continue;
        }
        let k = key.clone();
        let Some(original_value) = original.get(&k).cloned() else {
            match remove_directives(patch_value) {
                Some(v) => {
                    original.insert(k, v);
                }
                None => {
                    original.remove(&k);
                }
            }
            continue;
        };
        if patch_value.is_null() {
            original.remove(&k);
        }
        if go_type(&original_value) != go_type(&patch_value) || patch_value.is_null() {
            // A null patch value of a key the original has: Go deletes it, then (nulls are
            // kept when not merging parallel lists) takes the null as the new value.
            match remove_directives(patch_value) {
                Some(v) => {
                    original.insert(k, v);
                }
                None => {
                    original.remove(&k);
                }
            }
            continue;
        }
        let merged = match (original_value, patch_value) {
            (Json::Object(o), Json::Object(p)) => {
                let (subschema, meta) = schema.lookup_struct(&k)?;
                let (_, strategy) = extract_retain_keys(&meta.strategies)?;
                if strategy == REPLACE_DIRECTIVE {
                    Json::Object(p)
                } else {
                    Json::Object(merge_map(o, p, subschema)?)
                }
            }
            (Json::Array(o), Json::Array(p)) => {
                let (subschema, meta) = schema.lookup_slice(&k)?;
                let (_, strategy) = extract_retain_keys(&meta.strategies)?;
                Json::Array(merge_slice_handler(o, p, subschema, &strategy, &meta)?)
            }
            (_, p) => {
                let Some(v) = remove_directives(p) else {
                    original.remove(&k);
                    continue;
                };
                v
            }
        };
        original.insert(k, merged);
    }
    Ok(original)
}

/// Go's `%s` of a directive value in `ErrBadPatchType`.
fn go_percent_s(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Number(_) => format!("%!s({}={})", type_name(v), sprint(v)),
        Json::Bool(b) => format!("%!s(bool={b})"),
        Json::Null => "%!s(<nil>)".to_owned(),
        _ => sprint(v),
    }
}

fn apply_retain_keys_directive(
    original: &mut JsonMap,
    patch: &mut JsonMap,
) -> Result<(), PatchError> {
    let Some(in_patch) = patch.remove(RETAIN_KEYS_DIRECTIVE) else {
        return Ok(());
    };
    match original.get(RETAIN_KEYS_DIRECTIVE) {
        Some(in_original) => {
            if !deep_equal(in_original, &in_patch) {
                return Err(err(format!(
                    "{} and {} are not deep equal: this may happen when calculating the 3-way diff patch",
                    sprint(in_original),
                    sprint(&in_patch)
                )));
            }
        }
        None => {
            original.insert(RETAIN_KEYS_DIRECTIVE.to_owned(), in_patch);
        }
    }
    Ok(())
}

fn bad_set_element_order() -> PatchError {
    err("invalid patch format of setElementOrder list")
}

fn merge_patch_into_original(
    original: &mut JsonMap,
    patch: &mut JsonMap,
    schema: Schema<'_>,
) -> Result<(), PatchError> {
    let keys: Vec<String> = sorted_keys(patch)
        .into_iter()
        .filter(|k| k.starts_with(SET_ELEMENT_ORDER_PREFIX))
        .cloned()
        .collect();
    for key in keys {
        let Some(order_value) = patch.remove(&key) else {
            continue;
        };
        match original.get(&key) {
            Some(existing) if !deep_equal(existing, &order_value) => {
                return Err(bad_set_element_order());
            }
            Some(_) => {}
            None => {
                original.insert(key.clone(), order_value.clone());
            }
        }
        let Json::Array(order_list) = &order_value else {
            return Err(bad_arg_type(SLICE_TYPE, &order_value));
        };
        let list_key = match key.split_once('/') {
            Some((prefix, rest)) if prefix == SET_ELEMENT_ORDER_PREFIX => rest.to_owned(),
            _ => return Err(bad_set_element_order()),
        };
        let original_list = original.get(&list_key).cloned();
        let patch_list = patch.get(&list_key).cloned();
        let original_items = match &original_list {
            Some(Json::Array(items)) => items.clone(),
            Some(other) => return Err(bad_arg_type(SLICE_TYPE, other)),
            None => Vec::new(),
        };
        let patch_items = match &patch_list {
            Some(Json::Array(items)) => items.clone(),
            Some(other) => return Err(bad_arg_type(SLICE_TYPE, other)),
            None => Vec::new(),
        };
        let (subschema, meta) = schema.lookup_slice(&list_key)?;
        let (_, strategy) = extract_retain_keys(&meta.strategies)?;
        validate_patch_with_set_order_list(patch_list.as_ref(), &order_value, &meta.merge_key)?;
        let merged = match (original_list.is_some(), patch_list.is_some()) {
            (true, false) => original_items.clone(),
            (false, true) => match remove_directives(Json::Array(patch_items.clone())) {
                Some(Json::Array(items)) => items,
                _ => continue,
            },
            (true, true) => merge_slice_handler(
                original_items.clone(),
                patch_items.clone(),
                subschema,
                &strategy,
                &meta,
            )?,
            (false, false) => continue,
        };
        let (in_patch, server_only) = if meta.merge_key.is_empty() {
            partition_primitives(&merged, order_list)
        } else {
            partition_maps(&merged, order_list, &meta.merge_key)?
        };
        let kind = slice_element_type(&[&original_items, &patch_items])?;
        let both = normalize_element_order(
            in_patch,
            server_only,
            order_list,
            &original_items,
            &meta.merge_key,
            kind,
        )?;
        original.insert(list_key.clone(), Json::Array(both));
        patch.remove(&list_key);
    }
    Ok(())
}

fn validate_patch_with_set_order_list(
    patch_list: Option<&Json>,
    set_order: &Json,
    merge_key: &str,
) -> Result<(), PatchError> {
    let Json::Array(order) = set_order else {
        return Err(bad_set_element_order());
    };
    // A missing patch list is a nil []interface{}: nothing to check.
    let patch_items = match patch_list {
        None => return Ok(()),
        Some(Json::Array(items)) => items,
        Some(_) => return Err(bad_set_element_order()),
    };
    if order.is_empty() || patch_items.is_empty() {
        return Ok(());
    }
    let non_delete: Vec<&Json> = if merge_key.is_empty() {
        patch_items.iter().collect()
    } else {
        let mut keep = Vec::new();
        for v in patch_items {
            let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, v))?;
            if m.get(DIRECTIVE_MARKER) != Some(&Json::String(DELETE_DIRECTIVE.to_owned())) {
                keep.push(v);
            }
        }
        keep
    };
    let (mut p, mut s) = (0, 0);
    while p < non_delete.len() && s < order.len() {
        if non_delete[p]
            .as_object()
            .is_some_and(|m| m.contains_key(DIRECTIVE_MARKER))
        {
            p += 1;
            continue;
        }
        if merge_key_value_equal(non_delete[p], &order[s], merge_key)? {
            p += 1;
        }
        s += 1;
    }
    if p < non_delete.len() && s >= order.len() {
        return Err(err(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ELEMENT_ORDER_PREFIX} list:\n{}\n",
            sprint(&Json::Array(patch_items.clone())),
            sprint(set_order)
        )));
    }
    Ok(())
}

fn partition_primitives(merged: &[Json], by: &[Json]) -> (Vec<Json>, Vec<Json>) {
    merged
        .iter()
        .cloned()
        .partition(|v| by.iter().any(|b| deep_equal(b, v)))
}

fn partition_maps(
    merged: &[Json],
    by: &[Json],
    merge_key: &str,
) -> Result<(Vec<Json>, Vec<Json>), PatchError> {
    let mut in_patch = Vec::new();
    let mut server_only = Vec::new();
    for v in merged {
        let value = merge_key_value(v, merge_key)?;
        if find_map_by_key(by, merge_key, value)?.is_some() {
            in_patch.push(v.clone());
        } else {
            server_only.push(v.clone());
        }
    }
    Ok((in_patch, server_only))
}

/// `findMapInSliceBasedOnKeyValue`.
fn find_map_by_key(list: &[Json], key: &str, value: &Json) -> Result<Option<usize>, PatchError> {
    for (n, v) in list.iter().enumerate() {
        let m = v
            .as_object()
            .ok_or_else(|| err(format!("value for key {n} is not a map")))?;
        if m.get(key).is_some_and(|x| deep_equal(x, value)) {
            return Ok(Some(n));
        }
    }
    Ok(None)
}

/// `removeDirectives`: `None` when the value itself is a directive map (drop it).
fn remove_directives(v: Json) -> Option<Json> {
    match v {
        Json::Object(m) => {
            if m.contains_key(DIRECTIVE_MARKER) {
                return None;
            }
            Some(Json::Object(
                m.into_iter()
                    .filter_map(|(k, v)| remove_directives(v).map(|v| (k, v)))
                    .collect(),
            ))
        }
        Json::Array(items) => Some(Json::Array(
            items.into_iter().filter_map(remove_directives).collect(),
        )),
        other => Some(other),
    }
}

fn merge_slice_handler(
    original: Vec<Json>,
    patch: Vec<Json>,
    schema: Schema<'_>,
    strategy: &str,
    meta: &PatchMeta,
) -> Result<Vec<Json>, PatchError> {
    if strategy == MERGE_DIRECTIVE {
        merge_slice(original, patch, schema, &meta.merge_key)
    } else {
        Ok(patch)
    }
}

fn merge_slice(
    original: Vec<Json>,
    patch: Vec<Json>,
    schema: Schema<'_>,
    merge_key: &str,
) -> Result<Vec<Json>, PatchError> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let kind = slice_element_type(&[&original, &patch])?;
    let (merged, original, patch) = if kind == GoType::Map {
        if merge_key.is_empty() {
            return Err(err(format!(
                "cannot merge lists without merge key for {}",
                schema.name()
            )));
        }
        let (original, patch) = merge_slice_with_special_elements(original, patch, merge_key)?;
        let merged =
            merge_slice_without_special_elements(original.clone(), &patch, merge_key, schema)?;
        (merged, original, patch)
    } else {
        let mut both = original.clone();
        both.extend(patch.iter().cloned());
        deduplicate_scalars(&mut both);
        (both, original, patch)
    };
    let (in_patch, server_only) = if merge_key.is_empty() {
        partition_primitives(&merged, &patch)
    } else {
        partition_maps(&merged, &patch, merge_key)?
    };
    normalize_element_order(in_patch, server_only, &patch, &original, merge_key, kind)
}

fn merge_slice_with_special_elements(
    mut original: Vec<Json>,
    patch: Vec<Json>,
    merge_key: &str,
) -> Result<(Vec<Json>, Vec<Json>), PatchError> {
    let mut without = Vec::new();
    let mut replace = false;
    for v in patch {
        let Some(m) = v.as_object() else {
            without.push(v);
            continue;
        };
        match m.get(DIRECTIVE_MARKER) {
            None => without.push(v),
            Some(Json::String(d)) if d == DELETE_DIRECTIVE => {
                let Some(value) = m.get(merge_key) else {
                    return Err(no_merge_key(m, merge_key));
                };
                while let Some(n) = find_map_by_key(&original, merge_key, value)? {
                    original.remove(n);
                }
            }
            Some(Json::String(d)) if d == REPLACE_DIRECTIVE => replace = true,
            Some(Json::String(d)) if d == MERGE_DIRECTIVE => {
                return Err(err("merging lists cannot yet be specified in the patch"));
            }
            Some(other) => {
                return Err(err(format!(
                    "unknown patch type: {} in map: {}",
                    go_percent_s(other),
                    sprint(&v)
                )));
            }
        }
    }
    if replace {
        return Ok((without, Vec::new()));
    }
    Ok((original, without))
}

fn merge_slice_without_special_elements(
    mut original: Vec<Json>,
    patch: &[Json],
    merge_key: &str,
    schema: Schema<'_>,
) -> Result<Vec<Json>, PatchError> {
    for v in patch {
        let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, v))?;
        let Some(value) = m.get(merge_key) else {
            return Err(no_merge_key(m, merge_key));
        };
        match find_map_by_key(&original, merge_key, value)? {
            Some(n) => {
                let base = original[n].as_object().cloned().unwrap_or_default();
                original[n] = Json::Object(merge_map(base, m.clone(), schema)?);
            }
            None => original.push(v.clone()),
        }
    }
    Ok(original)
}
