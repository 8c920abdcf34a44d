using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The order of results (<c>_sort</c>, multi-key, <c>-</c> for descending, missing values last) and
/// keyset paging over it: every page, sorted or not, continues after the cursor of the one before,
/// or (<c>previous</c>, <c>last</c>) walks the reversed order back from a cursor and is turned round.
/// </summary>
internal sealed partial class SearchService
{
    /// <summary>Without <c>_sort</c>: newest <c>_lastUpdated</c> first.</summary>
    private static readonly SortKey[] DefaultSort = [new("_lastUpdated", true, SearchParamType.Date)];

    /// <summary>
    /// The search's total order. <paramref name="unindexed"/> writes <c>_lastUpdated</c> as
    /// <c>last_updated_ms + 0</c>, which no index provides, for searches whose matches are found
    /// first and then sorted: PostgreSQL, misjudging how many rows a chain or a probe lets through,
    /// would otherwise walk every resource of the type in date order hoping to fill the page early
    /// (dense matches are paged that way on purpose, by <see cref="DensePageAsync"/>).
    /// </summary>
    private SearchOrder OrderFor(SearchQuery query, bool acrossTypes, bool unindexed)
    {
        var keys = query.Sort.Count > 0 ? query.Sort : (IReadOnlyList<SortKey>)DefaultSort;
        var columns = keys.Select(k => Column(k, unindexed)).ToList();
        if (!keys.Any(k => k.Param == "_id"))
        {
            columns.Add(new TypedSortColumn<string>("_id", r => r.ResourceId, descending: false, nullable: false));
        }

        if (acrossTypes)
        {
            columns.Add(new TypedSortColumn<string>("_type", r => r.ResourceType, descending: false, nullable: false));
        }

        return new SearchOrder(columns);
    }

    /// <summary>
    /// A sort key's column. A resource with several values sorts by the one that comes first in the
    /// requested direction (the lowest ascending, the highest descending), as the spec says;
    /// quantities compare in UCUM base units where the unit converts.
    /// </summary>
    private SortColumn Column(SortKey key, bool unindexed)
    {
        var (name, descending) = (key.Param, key.Descending);
        var plus = 0L;
        switch (key.Param)
        {
            case "_lastUpdated" when unindexed:
                return new TypedSortColumn<long>(name, r => r.LastUpdatedMs + plus, descending, nullable: false);
            case "_lastUpdated":
                return new TypedSortColumn<long>(name, r => r.LastUpdatedMs, descending, nullable: false);
            case "_id":
                return new TypedSortColumn<string>(name, r => r.ResourceId, descending, nullable: false);
        }

        var dates = db.DateIndex.Where(Predicates.ParamIn<DateIndexRow>(key.StoredAs));
        var quantities = db.QuantityIndex.Where(Predicates.ParamIn<QuantityIndexRow>(key.StoredAs));
        var tokens = db.TokenIndex.Where(Predicates.ParamIn<TokenIndexRow>(key.StoredAs));
        var strings = db.StringIndex.Where(Predicates.ParamIn<StringIndexRow>(key.StoredAs));
        var references = db.ReferenceIndex.Where(Predicates.ParamIn<ReferenceIndexRow>(key.StoredAs));
        var uris = db.UriIndex.Where(Predicates.ParamIn<UriIndexRow>(key.StoredAs));
        return (key.Type, descending) switch
        {
            (SearchParamType.Date, false) => Nullable<long?>(r => dates.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Min(x => (long?)x.StartMs)),
            (SearchParamType.Date, true) => Nullable<long?>(r => dates.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Max(x => (long?)x.EndMs)),
            (SearchParamType.Number or SearchParamType.Quantity, false) => Nullable<double?>(r => quantities.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Min(x => (double?)(x.CanonicalValue ?? x.Value))),
            (SearchParamType.Number or SearchParamType.Quantity, true) => Nullable<double?>(r => quantities.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Max(x => (double?)(x.CanonicalValue ?? x.Value))),
            (SearchParamType.Token, false) => Nullable<string?>(r => tokens.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Min(x => x.Code)),
            (SearchParamType.Token, true) => Nullable<string?>(r => tokens.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Max(x => x.Code)),
            (SearchParamType.Reference, false) => Nullable<string?>(r => references.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Min(x => x.Url ?? x.TargetType + "/" + x.TargetId)),
            (SearchParamType.Reference, true) => Nullable<string?>(r => references.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Max(x => x.Url ?? x.TargetType + "/" + x.TargetId)),
            (SearchParamType.Uri, false) => Nullable<string?>(r => uris.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Min(x => x.Value)),
            (SearchParamType.Uri, true) => Nullable<string?>(r => uris.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Max(x => x.Value)),
            (_, false) => Nullable<string?>(r => strings.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Min(x => x.Normalized)),
            (_, true) => Nullable<string?>(r => strings.Where(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId).Max(x => x.Normalized)),
        };

        SortColumn Nullable<T>(System.Linq.Expressions.Expression<Func<ResourceRow, T>> value) => new TypedSortColumn<T>(name, value, descending, nullable: true);
    }

    /// <summary>
    /// One page in the search's order after the cursor's position (and <c>_offset</c> rows), or,
    /// for a backward cursor, the rows before it (before nothing: the last rows), read in the
    /// reversed order and turned round; with the cursors of the pages next to it.
    /// </summary>
    private async Task<Page> PageAsync(SearchQuery query, SearchOrder order, object?[]? position, SearchPlan plan, int? total, bool acrossTypes, CancellationToken cancellationToken)
    {
        var backward = query.Cursor is { Backward: true };
        var dense = !backward && query.Offset == 0 && query.Sort.Count == 0 && !acrossTypes && total > DenseScanRows && plan.Dense is { } source
            ? await DensePageAsync(query, source, position, cancellationToken)
            : null;
        var page = dense ?? await ReadAsync(backward ? order.Reversed() : order);
        var more = page.Count > query.Count;
        var shown = page.Take(query.Count).ToList();
        if (backward)
        {
            shown.Reverse();
        }

        var fromStart = position is not { Length: > 0 };
        int? complete = fromStart && !more && (query.Offset == 0 || shown.Count > 0) ? query.Offset + shown.Count : null;
        var (first, last) = shown.Count > 0 ? (order.CursorBefore(shown[0]), order.CursorAfter(shown[^1])) : (null, null);
        var rowIds = shown.Select(p => (long)p[0]!).ToList();

        // An empty page after (before) a position: every row up to (from) it is on the last (first) page.
        return backward
            ? new Page(rowIds, Next: fromStart ? null : last ?? order.FirstCursor(), Previous: more ? first : null, complete)
            : new Page(rowIds, Next: more ? last : null, Previous: fromStart && query.Offset == 0 ? null : first ?? order.LastCursor(), complete);

        async Task<List<object?[]>> ReadAsync(SearchOrder walk)
        {
            var filtered = plan.Rows;
            if (position is { Length: > 0 })
            {
                filtered = filtered.Where(walk.After(position));
            }

            IQueryable<ResourceRow> ordered = walk.Apply(filtered);
            if (query.Offset > 0)
            {
                ordered = ordered.Skip(query.Offset);
            }

            return await ordered.Take(query.Count + 1).Select(walk.Projection()).ToListAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A page's row ids in the order shown, the cursors of the pages after and before it (null at
    /// either end), and the number of matches when the page shows that it holds the last of them.
    /// </summary>
    private sealed record Page(List<long> RowIds, PageCursor? Next, PageCursor? Previous, int? Complete);
}
