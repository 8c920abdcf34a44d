using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

/// <summary>FHIR conditional update: <c>PUT [base]/[type]?[criteria]</c>.</summary>
internal sealed record ConditionalUpdateRequest(string Type, string Criteria, Resource Resource, WriteConditions Conditions) : IRequest<FhirResponse>, Pipeline.IAddressesResource
{
    string? Pipeline.IAddressesResource.Id => null;
}
