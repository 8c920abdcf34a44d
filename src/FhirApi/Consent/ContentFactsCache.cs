using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The <see cref="AccessFacts"/> of stored versions, by version row. A version never changes, so its
/// facts are parsed and extracted once and kept (up to <see cref="Capacity"/> versions).
/// </summary>
internal sealed class ContentFactsCache(FhirSerializer serializer, IndexValueExtractor extractor) : IDisposable
{
    public const int Capacity = 100_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>The facts of each version row that holds content (deletion markers have none).</summary>
    public async Task<Dictionary<long, AccessFacts>> GetAsync(FhirDbContext db, IReadOnlyCollection<long> versionRowIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, AccessFacts>();
        var missing = new List<long>();
        foreach (var rowId in versionRowIds.Distinct())
        {
            if (cache.TryGetValue(rowId, out AccessFacts? facts) && facts is not null)
            {
                found[rowId] = facts;
            }
            else
            {
                missing.Add(rowId);
            }
        }

        foreach (var chunk in missing.Chunk(500))
        {
            var rows = await db.ResourceVersions.AsNoTracking()
                .Where(v => chunk.Contains(v.Id) && v.Json != null)
                .Select(v => new { v.Id, v.Json })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var facts = AccessFacts.Of(serializer.FromStoredJson(row.Json!), extractor);
                cache.Set(row.Id, facts, new MemoryCacheEntryOptions { Size = 1 });
                found[row.Id] = facts;
            }
        }

        return found;
    }

    public void Dispose() => cache.Dispose();
}
