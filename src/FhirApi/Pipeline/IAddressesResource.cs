namespace FhirChain.FhirApi.Pipeline;

/// <summary>A request aimed at a resource type (and maybe an id) named in the URL.</summary>
internal interface IAddressesResource
{
    string Type { get; }

    string? Id { get; }
}
