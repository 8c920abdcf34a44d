using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>One component of a composite search parameter: its FHIRPath relative to the composite's base and its value type.</summary>
internal sealed record CompositePart(string Expression, SearchParamType Type);
