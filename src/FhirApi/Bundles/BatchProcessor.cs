using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.Write;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Bundles;

/// <summary>Processes a batch Bundle: each entry on its own, each with its own status; one failure does not stop the others.</summary>
internal sealed class BatchProcessor(ResourceStore store, ReferenceResolver references, EntryExecutor executor, EntryResponses responses)
{
    private static readonly Dictionary<string, string> NoFullUrls = [];

    public async Task<FhirResponse> ProcessAsync(BundleRequest request, CancellationToken cancellationToken)
    {
        var response = new Bundle { Type = Bundle.BundleType.BatchResponse, Id = IdRules.NewId() };
        foreach (var entry in request.Bundle.Entry)
        {
            var url = BundleEntryUrl.Parse(entry.Request!.Url!, request.BaseUrl);
            FhirResponse result;
            if (entry.Request!.Method is Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD)
            {
                result = await executor.ReadAsync(entry, url, request.BaseUrl, cancellationToken);
            }
            else if (entry.Resource is not null && await references.RewriteAsync(entry.Resource, NoFullUrls, cancellationToken) is { } referenceError)
            {
                result = referenceError;
            }
            else
            {
                result = await WriteUnit.RunAsync(store, session => executor.WriteAsync(session, entry, url, null, cancellationToken), cancellationToken);
            }

            response.Entry.Add(responses.ToEntry(result, request.BaseUrl, request.ReturnMinimal));
        }

        return FhirResponse.Of(StatusCodes.Status200OK, response);
    }
}
