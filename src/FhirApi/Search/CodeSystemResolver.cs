using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Loads the CodeSystems stored on this server that token <c>:above</c>/<c>:below</c> values name
/// (by canonical URL; with several stored versions, the most recently updated), and their is-a
/// hierarchies. Without a terminology server, code systems such as SNOMED CT or LOINC are only
/// searchable this way if a complete copy is stored here.
/// </summary>
internal sealed class CodeSystemResolver(FhirDbContext db, FhirSerializer serializer)
{
    /// <summary>Resolves each system URL; systems with no stored CodeSystem are left out.</summary>
    public async Task<CodeSystemHierarchies> ResolveAsync(IEnumerable<string> systems, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, CodeSystemHierarchy>(StringComparer.Ordinal);
        foreach (var system in systems)
        {
            // A '|' in a system would be read as a version by the loader; no code system URL has one.
            if (!system.Contains('|', StringComparison.Ordinal) && await StoredCanonical.LoadAsync<CodeSystem>(db, serializer, system, cancellationToken) is { } codeSystem)
            {
                resolved[system] = CodeSystemHierarchy.From(codeSystem);
            }
        }

        return new CodeSystemHierarchies(resolved);
    }
}
