namespace FhirChain.FhirApi.Search;

/// <summary>
/// The ValueSets a query's <c>:in</c>/<c>:not-in</c> values name, loaded before parsing (see
/// <see cref="ValueSetResolver"/>); a reference that is absent is not stored on this server.
/// </summary>
internal sealed class ValueSetExpansions(IReadOnlyDictionary<string, ValueSetExpansion> byReference)
{
    public static ValueSetExpansions None { get; } = new(new Dictionary<string, ValueSetExpansion>());

    public ValueSetExpansion? Find(string reference) => byReference.GetValueOrDefault(reference);
}
