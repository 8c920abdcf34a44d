using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Bundles;

/// <summary>
/// Rewrites references in bundle resources: <c>urn:uuid:</c>/<c>urn:oid:</c>/absolute fullUrls of
/// other entries become <c>Type/id</c>, and conditional references (<c>Patient?identifier=sys|val</c>)
/// are resolved by search, which must find exactly one resource.
/// </summary>
internal sealed class ReferenceResolver(SearchService search)
{
    /// <summary>Conditional references already resolved in this request (a bundle repeats the same ones many times).</summary>
    private readonly Dictionary<string, string> resolved = new(StringComparer.Ordinal);

    public async Task<FhirResponse?> RewriteAsync(Resource resource, IReadOnlyDictionary<string, string> fullUrls, CancellationToken cancellationToken)
    {
        foreach (var reference in ReferenceWalker.References(resource).ToList())
        {
            var target = reference.Reference;
            if (string.IsNullOrEmpty(target) || target.StartsWith('#'))
            {
                continue;
            }

            if (fullUrls.TryGetValue(target, out var local))
            {
                reference.Reference = local;
                continue;
            }

            if (resolved.TryGetValue(target, out var known))
            {
                reference.Reference = known;
                continue;
            }

            var question = target.IndexOf('?', StringComparison.Ordinal);
            if (question > 0)
            {
                var type = target[..question];
                if (!ModelInfo.IsKnownResource(type))
                {
                    return Outcomes.BadRequest($"Conditional reference '{target}' names an unknown resource type.", resource.TypeName);
                }

                var found = await search.FindIdsAsync(type, target[(question + 1)..], 2, cancellationToken);
                if (found.Error is not null)
                {
                    return found.Error;
                }

                if (found.Ids.Count != 1)
                {
                    return Outcomes.PreconditionFailed($"Conditional reference '{target}' matches {(found.Ids.Count == 0 ? "no" : "more than one")} {type}; it must match exactly one.");
                }

                reference.Reference = resolved[target] = $"{type}/{found.Ids[0]}";
            }
            else if (target.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
            {
                return Outcomes.BadRequest($"Reference '{target}' names no entry of this bundle.", resource.TypeName);
            }
        }

        return null;
    }
}
