using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Mediator;

namespace FhirChain.FhirApi.Pipeline;

/// <summary>
/// First step of every interaction: the type in the URL must be a resource type this server stores
/// (404 otherwise, as the spec says for an unknown type) and an id must be a valid FHIR id (400).
/// </summary>
internal sealed class ResourceAddressBehavior<TMessage, TResponse>(SearchParameterRegistry registry) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IAddressesResource address && typeof(TResponse) == typeof(FhirResponse))
        {
            if (!registry.IsKnownType(address.Type))
            {
                return Refuse(Outcomes.Error(StatusCodes.Status404NotFound, Hl7.Fhir.Model.OperationOutcome.IssueType.NotSupported,
                    $"'{address.Type}' is not a FHIR R4 resource type this server supports.", "resourceType"));
            }

            if (address.Id is { } id && !IdRules.IsValid(id))
            {
                return Refuse(Outcomes.BadRequest($"'{id}' is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .).", "id"));
            }
        }

        return next(message, cancellationToken);
    }

    private static ValueTask<TResponse> Refuse(FhirResponse response) => ValueTask.FromResult((TResponse)(object)response);
}
