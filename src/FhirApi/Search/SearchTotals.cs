using System.Text.Json;
using FhirChain.FhirApi.Rest;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// <c>Bundle.total</c> as <c>_total</c> asks: <c>accurate</c> (the default) counts every match;
/// <c>none</c> leaves it out (unless <c>_summary=count</c>); <c>estimate</c> counts at most
/// <see cref="FhirServerOptions.TotalEstimateThreshold"/> matches (N) and, when there are fewer,
/// reports the exact count; when there are N or more it reports PostgreSQL's planner estimate for
/// the query (<c>EXPLAIN</c>, no rows read), raised to N if lower, or N itself on SQLite and SQL
/// Server (a lower bound). Where the index tables alone give the matching ids (see
/// <see cref="IndexOnlyCount"/>), those are counted instead of the rows.
/// </summary>
internal sealed class SearchTotals(FhirDbContext db, IOptions<FhirServerOptions> options)
{
    public async Task<int?> CountAsync(SearchQuery query, IQueryable<ResourceRow> matches, IQueryable<string>? indexOnlyIds, CancellationToken cancellationToken)
    {
        if (query.Total == "none" && query.Summary != SummaryType.Count)
        {
            return null;
        }

        if (query.Total != "estimate")
        {
            return indexOnlyIds is not null ? await indexOnlyIds.CountAsync(cancellationToken) : await matches.CountAsync(cancellationToken);
        }

        var threshold = options.Value.TotalEstimateThreshold;
        var counted = indexOnlyIds is not null
            ? await indexOnlyIds.Take(threshold).CountAsync(cancellationToken)
            : await matches.Take(threshold).CountAsync(cancellationToken);
        if (counted < threshold)
        {
            return counted;
        }

        return db.Database.IsNpgsql() ? Math.Max(threshold, await PlannerEstimateAsync(matches, cancellationToken)) : threshold;
    }

    /// <summary>The row count PostgreSQL's planner expects for the query (its parameters stay parameters).</summary>
    private async Task<int> PlannerEstimateAsync(IQueryable<ResourceRow> matches, CancellationToken cancellationToken)
    {
        await using var command = matches.CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var plan = await command.ExecuteScalarAsync(cancellationToken) as string ?? "[]";
            using var document = JsonDocument.Parse(plan);
            var rows = document.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
            return (int)Math.Min(int.MaxValue, Math.Round(rows));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
