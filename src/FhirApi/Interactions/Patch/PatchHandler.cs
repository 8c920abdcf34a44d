using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.Write;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Patch;

internal sealed class PatchHandler(ResourceStore store, PatchApplier patcher) : IRequestHandler<PatchRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(PatchRequest request, CancellationToken cancellationToken) =>
        await WriteUnit.RunAsync(store, session => patcher.PatchAsync(session, request, cancellationToken), cancellationToken);
}
