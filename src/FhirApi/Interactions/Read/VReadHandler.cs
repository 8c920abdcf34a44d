using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Read;

internal sealed class VReadHandler(ResourceStore store, VersionResponses responses) : IRequestHandler<VReadRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(VReadRequest request, CancellationToken cancellationToken)
    {
        if (!int.TryParse(request.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return Outcomes.NotFound($"{request.Type}/{request.Id} has no version '{request.VersionId}'.");
        }

        var row = await store.ReadVersionRowAsync(request.Type, request.Id, version, cancellationToken);
        if (row is null)
        {
            if (await store.IsVersionLoggedAsync(request.Type, request.Id, version, cancellationToken))
            {
                return Outcomes.Tampered($"{request.Type}/{request.Id} version {version} is in the provenance log but missing from storage: its history was altered.");
            }

            return Outcomes.NotFound($"{request.Type}/{request.Id} has no version {version}.");
        }

        return await responses.ServeAsync(store.Db, row, cancellationToken);
    }
}
