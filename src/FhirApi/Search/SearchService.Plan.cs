using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// How a search becomes SQL that the planners run well: which clause drives and which probe, how
/// the total is counted, and how a page of dense matches is found without sorting all of them.
/// </summary>
internal sealed partial class SearchService
{
    /// <summary>
    /// Above this many matches, a page in the default order is first looked for among the next
    /// this-many resources of the type (newest first) before every match is sorted.
    /// </summary>
    private const int DenseScanRows = 2_000;

    /// <summary>
    /// Up to this many matching ids are read from the index tables in one pass before a first page;
    /// when there are no more, their number is the total and the page seeks only them.
    /// </summary>
    private const int FewMatches = 1_000;

    /// <summary>
    /// A chain's targets (<c>subject:Patient.family=x</c>: the patients called x) are looked up
    /// first when there are at most this many, and the references matched against that list.
    /// </summary>
    private const int ResolvedChainTargets = 1_000;

    /// <summary>The current resources of the query's type that match every clause, within the request's scope unless told otherwise.</summary>
    private async Task<IQueryable<ResourceRow>> FilterAsync(SearchQuery query, bool withinScope, CancellationToken cancellationToken) =>
        (await PlanAsync(query, scope: null, withinScope, cancellationToken)).Rows;

    /// <summary>
    /// The clauses in SQL order: the likeliest most selective one (<see cref="ClauseSelectivity"/>)
    /// drives as a membership test (IN), the others probe each candidate (EXISTS, see
    /// <see cref="CorrelatedProbe"/>). When nothing but the clauses narrows the search, the matching
    /// ids are read from the index tables alone (<see cref="IndexOnlyCount"/>): they count the total
    /// and are the only ids looked up in <c>resources</c>.
    /// </summary>
    private async Task<SearchPlan> PlanAsync(SearchQuery query, Expression<Func<ResourceRow, bool>>? scope, bool withinScope, CancellationToken cancellationToken)
    {
        var type = query.ResourceType;
        var translator = new ClauseTranslator(db, await ResolveChainTargetsAsync(query, cancellationToken));
        var clauses = new List<Expression<Func<ResourceRow, bool>>>();
        foreach (var clause in query.Clauses.OrderBy(ClauseSelectivity.Rank))
        {
            var predicate = translator.Translate(type, clause);
            clauses.Add(clauses.Count == 0 ? predicate : CorrelatedProbe.Rewrite(predicate));
        }

        var matchIds = scope is null ? IndexOnlyCount.Ids(db.Resources.AsQueryable().Provider, clauses) : null;
        var restricted = withinScope && searchScope.IsRestricted;
        var indexOnly = restricted ? null : matchIds;
        var rows = CurrentOfType(type, scope, withinScope);
        if (indexOnly is not null)
        {
            rows = rows.Where(r => indexOnly.Contains(r.ResourceId));
        }
        else
        {
            foreach (var clause in clauses)
            {
                rows = rows.Where(clause);
            }
        }

        var driver = scope is null && clauses.Count > 1 ? IndexOnlyCount.DriverIds(db.Resources.AsQueryable().Provider, clauses) : null;
        return new SearchPlan(rows, indexOnly, Narrowed: clauses.Count > 0 || scope is not null, new DenseSource(type, scope, clauses)) { UnscopedIds = restricted ? matchIds : null, DriverIds = driver };
    }

    /// <summary>
    /// The ids of each chain's targets, when there are at most <see cref="ResolvedChainTargets"/>.
    /// As a list (an array parameter on PostgreSQL) the database knows how many references it will
    /// read: PostgreSQL, which estimates a prefix match on a family name at a few rows, otherwise
    /// tests each of thousands of referring Observations for the code with an index seek instead of
    /// hashing the code's rows once (57 ms against 8 ms for 55 patients' 6,600 Observations).
    /// </summary>
    private async Task<IReadOnlyDictionary<ChainTarget, List<string>>?> ResolveChainTargetsAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var targets = query.Clauses.Where(c => !c.Reverse).SelectMany(c => c.Chain).ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var translator = new ClauseTranslator(db);
        var resolved = new Dictionary<ChainTarget, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var target in targets)
        {
            var type = target.Type;
            var ids = await db.Resources.AsNoTracking().Where(t => t.ResourceType == type && !t.IsDeleted).Where(translator.Translate(type, target.Clause))
                .Select(t => t.ResourceId).Take(ResolvedChainTargets + 1).ToListAsync(cancellationToken);
            if (ids.Count <= ResolvedChainTargets)
            {
                resolved[target] = ids;
            }
        }

        return resolved;
    }

    /// <summary>
    /// The total, counted before the page when the index tables alone can count it, or when a
    /// restricted search can count its hidden matches among a few candidates (<see cref="ScopedTotalAsync"/>):
    /// cheap, and it tells whether matches are dense. For a first page the matching ids themselves are read, up to
    /// <see cref="FewMatches"/>: when that is all of them, one pass over the index tables gives both
    /// the total and the only rows the page needs to sort (instead of a count and a page query that
    /// each test every candidate). Not counted (false) when the plan has no index-only ids.
    /// </summary>
    private async Task<(SearchPlan Plan, int? Total, bool Counted)> CountFirstAsync(SearchQuery query, SearchPlan plan, CancellationToken cancellationToken)
    {
        if (query.Total == "none")
        {
            return (plan, null, false);
        }

        if (plan.IndexOnlyIds is not { } ids)
        {
            return await ScopedFirstAsync(query, plan, cancellationToken);
        }

        if (query.Total == "accurate" && query.Cursor is null && query.Offset == 0 && plan.Dense is { } source && await DriverMayBeFewAsync(plan, cancellationToken))
        {
            var few = await ids.Take(FewMatches + 1).ToListAsync(cancellationToken);
            if (few.Count <= FewMatches)
            {
                var rows = CurrentOfType(source.Type, source.Scope).Where(r => EF.Parameter(few).Contains(r.ResourceId));
                return (plan with { Rows = rows, IndexOnlyIds = null }, few.Count, true);
            }
        }

        return (plan, await totals.CountAsync(query, plan.Rows, ids, cancellationToken), true);
    }

    /// <summary>
    /// Whether the one-pass read of up to <see cref="FewMatches"/> ids can pay: not when the driving
    /// clause alone has more index rows than that (read off its index with a limit, well under a
    /// millisecond). The pass tests every driver row against the other clauses and de-duplicates
    /// before its limit applies, so for a frequent code with a wide date range it cost as much as
    /// the count that then had to follow (PostgreSQL: 45-65 ms thrown away on 10,268 code rows).
    /// </summary>
    private static async Task<bool> DriverMayBeFewAsync(SearchPlan plan, CancellationToken cancellationToken) =>
        plan.DriverIds is not { } driver || await driver.Take(FewMatches + 1).CountAsync(cancellationToken) <= FewMatches;

    /// <summary>The current resources of a type (within the request's scope unless told otherwise, through its filter for that type), narrowed by <paramref name="scope"/>.</summary>
    private IQueryable<ResourceRow> CurrentOfType(string type, Expression<Func<ResourceRow, bool>>? scope, bool withinScope = true)
    {
        var rows = db.Resources.AsNoTracking().Where(r => r.ResourceType == type && !r.IsDeleted);
        if (withinScope)
        {
            rows = searchScope.Restrict(rows, type);
        }

        return scope is null ? rows : rows.Where(scope);
    }

    /// <summary>
    /// A page in the default order (newest first) looked for among the next <see cref="DenseScanRows"/>
    /// resources of the type after the position, read off the lastUpdated index and each tested
    /// against every clause: when matches are dense this stops after a few hundred rows instead of
    /// sorting thousands. Those rows are every row down to the lastUpdated of the last of them, a
    /// prefix of the order, so a full page found there is the true page. Null when they hold less.
    /// </summary>
    private async Task<List<object?[]>?> DensePageAsync(SearchQuery query, DenseSource source, object?[]? position, CancellationToken cancellationToken)
    {
        var order = OrderFor(query, acrossTypes: false, unindexed: false);
        var following = CurrentOfType(source.Type, source.Scope);
        if (position is { Length: > 0 })
        {
            following = following.Where(order.After(position));
        }

        var floor = await following.OrderByDescending(r => r.LastUpdatedMs).ThenBy(r => r.ResourceId).Skip(DenseScanRows - 1)
            .Select(r => (long?)r.LastUpdatedMs).FirstOrDefaultAsync(cancellationToken);
        var candidates = floor is { } oldest ? following.Where(r => r.LastUpdatedMs >= oldest) : following;
        foreach (var clause in source.Clauses)
        {
            candidates = candidates.Where(CorrelatedProbe.Rewrite(clause));
        }

        var page = await order.Apply(candidates).Take(query.Count + 1).Select(order.Projection()).ToListAsync(cancellationToken);
        return page.Count > query.Count ? page : null;
    }

    /// <summary>
    /// A search in SQL terms: the matching rows, the index-only ids when they can stand for them,
    /// whether anything narrows the type's resources (then the order's sort key is kept off the
    /// lastUpdated index), and, for a type search, what a dense page is looked for with.
    /// </summary>
    private sealed record SearchPlan(IQueryable<ResourceRow> Rows, IQueryable<string>? IndexOnlyIds, bool Narrowed, DenseSource? Dense)
    {
        /// <summary>The driving clause's index rows (see <see cref="IndexOnlyCount.DriverIds"/>), when other clauses follow it.</summary>
        public IQueryable<string>? DriverIds { get; init; }

        /// <summary>For a restricted search, the ids of every match the index tables give, hidden or not (see <see cref="ScopedTotalAsync"/>).</summary>
        public IQueryable<string>? UnscopedIds { get; init; }
    }

    /// <summary>A type search's type, scope and clauses in SQL order.</summary>
    private sealed record DenseSource(string Type, Expression<Func<ResourceRow, bool>>? Scope, IReadOnlyList<Expression<Func<ResourceRow, bool>>> Clauses);
}
