using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Read;

internal sealed class ReadHandler(ResourceStore store, VersionResponses responses) : IRequestHandler<ReadRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(ReadRequest request, CancellationToken cancellationToken)
    {
        var (row, logged) = await store.ReadCurrentWithLoggedMaxAsync(request.Type, request.Id, cancellationToken);
        if (logged is { } max && (row is null || row.VersionId != max))
        {
            return Outcomes.Tampered($"{request.Type}/{request.Id} version {max} is in the provenance log but missing from storage: its history was altered.");
        }

        if (row is null)
        {
            return Outcomes.NotFound($"{request.Type}/{request.Id} is not known.");
        }

        var response = await responses.ServeAsync(store.Db, row, cancellationToken);
        if (!response.IsSuccess)
        {
            return response;
        }

        if (request.IfNoneMatch is { } etag && ETags.VersionOf(etag) == response.VersionId)
        {
            return response with { StatusCode = StatusCodes.Status304NotModified, StoredJson = null };
        }

        if (request.IfModifiedSince is { } since && response.LastModified is { } modified && modified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds())
        {
            return response with { StatusCode = StatusCodes.Status304NotModified, StoredJson = null };
        }

        return response;
    }
}
