using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Validate;

/// <summary><c>$validate</c> at type (<c>[type]/$validate</c>) or instance (<c>[type]/[id]/$validate</c>) level.</summary>
internal sealed record ValidateRequest(string Type, string? Id, Resource? Resource, IReadOnlyList<ParseIssue> ParseIssues) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
