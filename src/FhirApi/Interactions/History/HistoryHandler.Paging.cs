using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Interactions.History;

/// <summary>
/// Keyset paging of history, the way searches page: after the cursor's row (older versions), or for
/// a backward cursor before it (newer ones) read oldest first and turned round. A restricted history
/// pages over what it shows: <see cref="ISearchScope.ReadHistoryAsync"/> judges versions in this order
/// only until the page (and the one version more that tells whether there is a next page) is full.
/// </summary>
internal sealed partial class HistoryHandler
{
    private async Task<HistoryPage> PageAsync(IQueryable<ResourceVersionRow> rows, PageCursor? cursor, long? position, int count, int offset, CancellationToken cancellationToken)
    {
        var backward = cursor is { Backward: true };
        if (position is { } at)
        {
            rows = backward ? rows.Where(v => v.Id > at) : rows.Where(v => v.Id < at);
        }

        var read = await searchScope.ReadHistoryAsync(rows, oldestFirst: backward, offset, count + 1, cancellationToken);
        var more = read.Count > count;
        var shown = read.Take(count).ToList();
        if (backward)
        {
            shown.Reverse();
        }

        var fromStart = position is null;
        var (first, last) = shown.Count > 0 ? (HistoryOrder.Before(shown[0].Id), HistoryOrder.After(shown[^1].Id)) : (null, null);

        // An empty page after (before) a position: every version up to (from) it is on the last (first) page.
        return backward
            ? new HistoryPage(shown, Next: fromStart ? null : last ?? HistoryOrder.FirstCursor, Previous: more ? first : null)
            : new HistoryPage(shown, Next: more ? last : null, Previous: fromStart && offset == 0 ? null : first ?? HistoryOrder.LastCursor);
    }

    /// <summary>A page of versions, newest first, and the cursors of the pages after and before it (null at either end).</summary>
    private sealed record HistoryPage(List<ResourceVersionRow> Rows, PageCursor? Next, PageCursor? Previous)
    {
        public static HistoryPage Empty { get; } = new([], null, null);
    }
}
