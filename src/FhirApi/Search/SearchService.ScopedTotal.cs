using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// A restricted search's total by subtraction: the matches the index tables count alone, less the
/// hidden ones, found among the few resources that could be hidden (<see cref="ISearchScope.HiddenCandidatesAsync"/>).
/// Counting what a research client sees directly joins every match to its <c>resources</c> row to test
/// its patient, which cost a search with 3,300 matches 2 to 3 times the unrestricted time.
/// </summary>
internal sealed partial class SearchService
{
    /// <summary>The hidden matches are looked for among at most a quarter of the matches, and never fewer than this many resources.</summary>
    private const int MinHiddenCandidates = 256;

    /// <summary>
    /// A restricted search's total counted before its page, when the total is asked for and the page
    /// will not tell it: by subtraction when it can be; otherwise, when the matches are more than
    /// <see cref="DenseScanRows"/> and the page is in the default order, by counting the visible
    /// matches, so that the page is looked for among the newest resources (<see cref="DensePageAsync"/>)
    /// instead of sorting every visible match, as it would with no total. Null when the matches, hidden
    /// or not, fit on a first page (it then holds every visible one and no count is needed), or when the
    /// total is better counted after the page.
    /// </summary>
    private async Task<int?> ScopedFirstAsync(SearchQuery query, SearchPlan plan, CancellationToken cancellationToken)
    {
        if (query.Total != "accurate" || plan.UnscopedIds is not { } all)
        {
            return null;
        }

        var matches = await all.CountAsync(cancellationToken);
        if (query.Cursor is null && query.Offset == 0 && matches <= query.Count)
        {
            return null;
        }

        if (await ScopedTotalAsync(plan, matches, cancellationToken) is { } subtracted)
        {
            return subtracted;
        }

        var densePage = matches > DenseScanRows && query.Sort.Count == 0 && query.Offset == 0 && query.Cursor is not { Backward: true };
        return densePage ? await plan.Rows.CountAsync(cancellationToken) : null;
    }

    /// <summary>
    /// The number of matches the request may see, counted by subtraction; null when the plan has no
    /// index-only ids or the scope cannot list the candidates (then the visible matches are counted).
    /// Exactly the filter's count: every hidden match is among the candidates, and those are judged by
    /// the filter itself.
    /// </summary>
    private async Task<int?> ScopedTotalAsync(SearchPlan plan, CancellationToken cancellationToken) =>
        plan.UnscopedIds is { } all ? await ScopedTotalAsync(plan, await all.CountAsync(cancellationToken), cancellationToken) : null;

    /// <summary><see cref="ScopedTotalAsync(SearchPlan, CancellationToken)"/> given the number of matches, hidden or not.</summary>
    private async Task<int?> ScopedTotalAsync(SearchPlan plan, int matches, CancellationToken cancellationToken)
    {
        if (plan.UnscopedIds is null || plan.Dense is not { Scope: null } source)
        {
            return null;
        }

        if (matches == 0)
        {
            return 0;
        }

        if (await searchScope.HiddenCandidatesAsync(source.Type, Math.Max(matches / 4, MinHiddenCandidates), cancellationToken) is not { } found)
        {
            return null;
        }

        if (found.Count == 0)
        {
            return matches;
        }

        var candidates = found.ToList();
        var matching = CurrentOfType(source.Type, scope: null, withinScope: false).Where(r => EF.Parameter(candidates).Contains(r.ResourceId));
        foreach (var clause in source.Clauses)
        {
            matching = matching.Where(CorrelatedProbe.Rewrite(clause));
        }

        var candidateMatches = await matching.CountAsync(cancellationToken);
        var visible = candidateMatches == 0 ? 0 : await searchScope.Restrict(matching, source.Type).CountAsync(cancellationToken);
        return matches - (candidateMatches - visible);
    }
}
