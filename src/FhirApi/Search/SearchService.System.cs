using System.Linq.Expressions;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>System-level search: <c>GET [base]?_type=...</c> and <c>POST [base]/_search</c>.</summary>
internal sealed partial class SearchService
{
    /// <summary>
    /// A searchset over several types (<c>_type</c>) or all of them, with the criteria every type
    /// searched shares; ordered, paged and included like a type search, ties broken by id then type.
    /// </summary>
    public async Task<FhirResponse> SearchSystemAsync(IEnumerable<KeyValuePair<string, string>> parameters, bool strict, string baseUrl, CancellationToken cancellationToken)
    {
        var pairs = parameters.ToList();
        var terminology = await TerminologyAsync(pairs, cancellationToken);
        var parsed = parser.ParseSystem(pairs, strict, terminology);
        if (parsed.Query is not { } search)
        {
            return parsed.Error!;
        }

        IQueryable<ResourceRow> rows = VisibleResources.Where(r => !r.IsDeleted);
        var types = search.Types ?? (search.Criteria.Count > 0 ? await StoredTypesAsync(cancellationToken) : null);
        if (types is not null)
        {
            rows = rows.Where(MatchesAnyType(types, search.Criteria, terminology));
        }

        var plan = new SearchPlan(rows, IndexOnlyIds: null, Narrowed: search.Criteria.Count > 0, Dense: null);
        return await RespondAsync(search.Control, plan, acrossTypes: search.Types is not [_], baseUrl, baseUrl, cancellationToken);
    }

    /// <summary>
    /// The resource is of one of the types and matches the criteria as that type's parameters. A
    /// type the criteria cannot apply to (<c>_text</c> on a type without narrative) matches nothing.
    /// </summary>
    private Expression<Func<ResourceRow, bool>> MatchesAnyType(IReadOnlyList<string> types, IReadOnlyList<KeyValuePair<string, string>> criteria, Terminology terminology)
    {
        var translator = new ClauseTranslator(db);
        var unfiltered = new List<string>();
        var alternatives = new List<Expression<Func<ResourceRow, bool>>>();
        foreach (var type in types)
        {
            if (parser.Parse(type, criteria, strict: true, terminology).Query is not { } query)
            {
                continue;
            }

            if (query.Clauses.Count == 0)
            {
                unfiltered.Add(type);
                continue;
            }

            Expression<Func<ResourceRow, bool>> match = r => r.ResourceType == type;
            foreach (var clause in query.Clauses)
            {
                match = Predicates.And(match, translator.Translate(type, clause));
            }

            alternatives.Add(match);
        }

        if (unfiltered.Count > 0)
        {
            alternatives.Add(r => unfiltered.Contains(r.ResourceType));
        }

        return Predicates.Or(alternatives);
    }

    /// <summary>
    /// The types that have stored resources, for criteria that must be built per type. On SQLite and
    /// PostgreSQL a recursive query hops along the primary key from one type to the next (one index
    /// seek per type, however many resources there are); SQL Server takes a DISTINCT.
    /// </summary>
    private async Task<IReadOnlyList<string>> StoredTypesAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlServer())
        {
            return await db.Resources.AsNoTracking().Select(r => r.ResourceType).Distinct().ToListAsync(cancellationToken);
        }

        const string LooseIndexScan = """
            WITH RECURSIVE stored(resource_type) AS (
                SELECT MIN(resource_type) FROM resources
                UNION ALL
                SELECT (SELECT MIN(r.resource_type) FROM resources r WHERE r.resource_type > s.resource_type)
                FROM stored s WHERE s.resource_type IS NOT NULL)
            SELECT resource_type AS "Value" FROM stored WHERE resource_type IS NOT NULL
            """;
        return await db.Database.SqlQueryRaw<string>(LooseIndexScan).ToListAsync(cancellationToken);
    }
}
