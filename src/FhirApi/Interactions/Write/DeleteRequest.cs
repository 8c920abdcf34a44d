using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Write;

/// <summary>FHIR delete: <c>DELETE [base]/[type]/[id]</c>, or conditional when <see cref="Criteria"/> is set.</summary>
internal sealed record DeleteRequest(string Type, string? Id, string? Criteria, WriteConditions Conditions) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
