using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>Keeps the index tables in step with the current version of each resource, inside the write's transaction.</summary>
internal sealed class SearchIndexer(IndexValueExtractor extractor)
{
    /// <summary>Off only in the <c>search-bench</c> command, to measure what indexing costs a write.</summary>
    internal bool Enabled { get; set; } = true;

    /// <summary>Replaces the index rows of a resource; a null resource (a delete) just removes them.</summary>
    public async System.Threading.Tasks.Task ReplaceAsync(FhirDbContext db, string type, string id, Resource? resource, bool mayHaveRows, CancellationToken cancellationToken)
    {
        if (mayHaveRows)
        {
            await db.TokenIndex.Where(r => r.ResourceType == type && r.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.StringIndex.Where(r => r.ResourceType == type && r.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.DateIndex.Where(r => r.ResourceType == type && r.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.QuantityIndex.Where(r => r.ResourceType == type && r.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.ReferenceIndex.Where(r => r.ResourceType == type && r.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.UriIndex.Where(r => r.ResourceType == type && r.ResourceId == id).ExecuteDeleteAsync(cancellationToken);
        }

        if (resource is null || !Enabled)
        {
            return;
        }

        var values = extractor.Extract(resource);
        await BulkInsert.InsertAsync(db, values.Tokens, cancellationToken);
        await BulkInsert.InsertAsync(db, values.Strings, cancellationToken);
        await BulkInsert.InsertAsync(db, values.Dates, cancellationToken);
        await BulkInsert.InsertAsync(db, values.Quantities, cancellationToken);
        await BulkInsert.InsertAsync(db, values.References, cancellationToken);
        await BulkInsert.InsertAsync(db, values.Uris, cancellationToken);
    }
}
