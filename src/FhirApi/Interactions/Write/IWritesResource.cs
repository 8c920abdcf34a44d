using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Interactions.Write;

/// <summary>A request carrying a resource to store; the validation behaviour checks it before the handler runs.</summary>
internal interface IWritesResource
{
    string Type { get; }

    Resource Resource { get; }
}
