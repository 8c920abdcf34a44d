namespace FhirChain.Interop.Er7;

/// <summary>One repetition of a field.</summary>
public readonly record struct Hl7Repetition(string Raw, Er7Delimiters Delimiters)
{
    /// <summary>The first component's first subcomponent, unescaped.</summary>
    public string Value => Component(1).Value;

    public bool IsEmpty => Raw.Length == 0;

    public int ComponentCount => Er7Split.Count(Raw, Delimiters.Component);

    /// <summary>The 1-based component; empty when absent.</summary>
    public Hl7Component Component(int number) => new(Er7Split.Part(Raw, Delimiters.Component, number), Delimiters);

    public override string ToString() => Value;
}
