namespace FhirChain.Interop.Er7;

/// <summary>One component of a field repetition.</summary>
public readonly record struct Hl7Component(string Raw, Er7Delimiters Delimiters)
{
    /// <summary>The first subcomponent, unescaped.</summary>
    public string Value => SubComponent(1);

    public int SubComponentCount => Er7Split.Count(Raw, Delimiters.SubComponent);

    /// <summary>The 1-based subcomponent, unescaped; "" when absent.</summary>
    public string SubComponent(int number) => Er7Escaping.Unescape(Er7Split.Part(Raw, Delimiters.SubComponent, number), Delimiters);

    public override string ToString() => Value;
}
