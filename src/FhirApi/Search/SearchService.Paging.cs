using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The order of results (<c>_sort</c>, multi-key, <c>-</c> for descending, missing values last) and
/// keyset paging over it: every page, sorted or not, continues after the cursor of the one before.
/// </summary>
internal sealed partial class SearchService
{
    /// <summary>Without <c>_sort</c>: newest <c>_lastUpdated</c> first.</summary>
    private static readonly SortKey[] DefaultSort = [new("_lastUpdated", true, SearchParamType.Date)];

    private SearchOrder OrderFor(SearchQuery query, bool acrossTypes)
    {
        var keys = query.Sort.Count > 0 ? query.Sort : (IReadOnlyList<SortKey>)DefaultSort;
        var columns = keys.Select(Column).ToList();
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
    private SortColumn Column(SortKey key)
    {
        var (name, param, descending) = (key.Param, key.Param, key.Descending);
        switch (key.Param)
        {
            case "_lastUpdated":
                return new TypedSortColumn<long>(name, r => r.LastUpdatedMs, descending, nullable: false);
            case "_id":
                return new TypedSortColumn<string>(name, r => r.ResourceId, descending, nullable: false);
        }

        var dates = db.DateIndex.Where(x => x.Param == param);
        var quantities = db.QuantityIndex.Where(x => x.Param == param);
        var tokens = db.TokenIndex.Where(x => x.Param == param);
        var strings = db.StringIndex.Where(x => x.Param == param);
        var references = db.ReferenceIndex.Where(x => x.Param == param);
        var uris = db.UriIndex.Where(x => x.Param == param);
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

    /// <summary>One page in the search's order after the cursor's position (and <c>_offset</c> rows), and the cursor of the next page when there is one.</summary>
    private async Task<(List<long> RowIds, PageCursor? Next)> PageAsync(SearchQuery query, SearchOrder order, object?[]? position, IQueryable<ResourceRow> filtered, CancellationToken cancellationToken)
    {
        if (position is not null)
        {
            filtered = filtered.Where(order.After(position));
        }

        IQueryable<ResourceRow> ordered = order.Apply(filtered);
        if (query.Offset > 0)
        {
            ordered = ordered.Skip(query.Offset);
        }

        var page = await ordered.Take(query.Count + 1).Select(order.Projection()).ToListAsync(cancellationToken);
        var shown = page.Take(query.Count).ToList();
        var next = page.Count > query.Count ? order.CursorAfter(shown[^1]) : null;
        return (shown.Select(p => (long)p[0]!).ToList(), next);
    }
}
