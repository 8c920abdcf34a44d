namespace FhirChain.Interop.Mapping;

/// <summary>The outcome of <see cref="V2ToFhirMapper.Map"/>: <see cref="V2Mapped"/> or <see cref="V2MappingFailure"/>.</summary>
public abstract record V2MappingResult
{
    private protected V2MappingResult()
    {
    }
}
