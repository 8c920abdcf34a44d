using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

internal sealed class DeleteHandler(ResourceStore store, ResourceWriter writer) : IRequestHandler<DeleteRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(DeleteRequest request, CancellationToken cancellationToken) =>
        await WriteUnit.RunAsync(
            store,
            session => request.Id is { } id
                ? writer.DeleteAsync(session, request.Type, id, request.Conditions, cancellationToken)
                : writer.ConditionalDeleteAsync(session, request.Type, request.Criteria ?? string.Empty, cancellationToken),
            cancellationToken);
}
