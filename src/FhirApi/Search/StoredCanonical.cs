using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Finds a stored terminology resource (ValueSet, CodeSystem) that a search value names. These are
/// terminology, not patient data: they are looked up among all current resources, whatever the
/// caller's data scope.
/// </summary>
internal static class StoredCanonical
{
    /// <summary>The current resource a reference names: <c>Type/id</c>, or the newest one with the canonical URL (and version, after <c>|</c>).</summary>
    public static async Task<T?> LoadAsync<T>(FhirDbContext db, FhirSerializer serializer, string reference, CancellationToken cancellationToken)
        where T : Resource
    {
        var type = ModelInfo.GetFhirTypeNameForType(typeof(T))!;
        var current = db.Resources.AsNoTracking().Where(r => r.ResourceType == type && !r.IsDeleted);
        if (reference.StartsWith(type + "/", StringComparison.Ordinal))
        {
            var id = reference[(type.Length + 1)..];
            current = current.Where(r => r.ResourceId == id);
        }
        else
        {
            var bar = reference.IndexOf('|', StringComparison.Ordinal);
            var url = bar < 0 ? reference : reference[..bar];
            var withUrl = db.UriIndex.Where(u => u.ResourceType == type && u.Param == "url" && u.Value == url).Select(u => u.ResourceId);
            current = current.Where(r => withUrl.Contains(r.ResourceId));
            if (bar >= 0)
            {
                var version = reference[(bar + 1)..];
                var withVersion = db.TokenIndex.Where(t => t.ResourceType == type && t.Param == "version" && t.Code == version).Select(t => t.ResourceId);
                current = current.Where(r => withVersion.Contains(r.ResourceId));
            }
        }

        var rowId = await current.OrderByDescending(r => r.LastUpdatedMs).ThenBy(r => r.ResourceId).Select(r => (long?)r.CurrentRowId).FirstOrDefaultAsync(cancellationToken);
        if (rowId is null)
        {
            return null;
        }

        var json = await db.ResourceVersions.AsNoTracking().Where(v => v.Id == rowId).Select(v => v.Json).SingleAsync(cancellationToken);
        return json is null ? null : serializer.FromStoredJson(json) as T;
    }
}
