using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Keeps the index tables in step with the current version of each resource, inside the write's
/// transaction. Extraction is pure CPU work (the write session runs it in parallel); removal and
/// insertion run on the transaction, insertion as multi-row statements for a whole commit.
/// </summary>
internal sealed class SearchIndexer(IndexValueExtractor extractor)
{
    /// <summary>Off only in the <c>search-bench</c> command, to measure what indexing costs a write.</summary>
    internal bool Enabled { get; set; } = true;

    /// <summary>The index rows of a resource (none while indexing is off).</summary>
    public IndexedValues Extract(Resource resource) => Enabled ? extractor.Extract(resource) : new IndexedValues();

    /// <summary>Removes every index row of some resources of one type (before their new versions' rows go in, or on delete): one statement per table.</summary>
    public async System.Threading.Tasks.Task RemoveAsync(FhirDbContext db, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await db.TokenIndex.Where(r => r.ResourceType == type && chunk.Contains(r.ResourceId)).ExecuteDeleteAsync(cancellationToken);
            await db.StringIndex.Where(r => r.ResourceType == type && chunk.Contains(r.ResourceId)).ExecuteDeleteAsync(cancellationToken);
            await db.DateIndex.Where(r => r.ResourceType == type && chunk.Contains(r.ResourceId)).ExecuteDeleteAsync(cancellationToken);
            await db.QuantityIndex.Where(r => r.ResourceType == type && chunk.Contains(r.ResourceId)).ExecuteDeleteAsync(cancellationToken);
            await db.ReferenceIndex.Where(r => r.ResourceType == type && chunk.Contains(r.ResourceId)).ExecuteDeleteAsync(cancellationToken);
            await db.UriIndex.Where(r => r.ResourceType == type && chunk.Contains(r.ResourceId)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Inserts the rows of many resources at once.</summary>
    public async System.Threading.Tasks.Task InsertAsync(FhirDbContext db, IReadOnlyCollection<IndexedValues> all, CancellationToken cancellationToken)
    {
        await BulkInsert.InsertAsync(db, all.SelectMany(v => v.Tokens).ToList(), cancellationToken);
        await BulkInsert.InsertAsync(db, all.SelectMany(v => v.Strings).ToList(), cancellationToken);
        await BulkInsert.InsertAsync(db, all.SelectMany(v => v.Dates).ToList(), cancellationToken);
        await BulkInsert.InsertAsync(db, all.SelectMany(v => v.Quantities).ToList(), cancellationToken);
        await BulkInsert.InsertAsync(db, all.SelectMany(v => v.References).ToList(), cancellationToken);
        await BulkInsert.InsertAsync(db, all.SelectMany(v => v.Uris).ToList(), cancellationToken);
    }
}
