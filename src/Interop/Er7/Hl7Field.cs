namespace FhirChain.Interop.Er7;

/// <summary>
/// One field of a segment. MSH-1 and MSH-2 (and FHS/BHS-1, -2) are literal: their value is the
/// separator text itself and they are never split or unescaped.
/// </summary>
public readonly record struct Hl7Field(string Raw, Er7Delimiters Delimiters, bool IsLiteral = false)
{
    /// <summary>The first repetition's first component's first subcomponent, unescaped.</summary>
    public string Value => IsLiteral ? Raw : Repetition(1).Value;

    public bool IsEmpty => Raw.Length == 0;

    /// <summary>True for the explicit HL7 null <c>""</c>, which means "delete the value".</summary>
    public bool IsNull => Raw == "\"\"";

    public int RepetitionCount => IsLiteral ? (Raw.Length == 0 ? 0 : 1) : Er7Split.Count(Raw, Delimiters.Repetition);

    public IReadOnlyList<Hl7Repetition> Repetitions
    {
        get
        {
            var count = RepetitionCount;
            var list = new Hl7Repetition[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = Repetition(i + 1);
            }

            return list;
        }
    }

    /// <summary>The 1-based repetition; empty when absent.</summary>
    public Hl7Repetition Repetition(int number) =>
        IsLiteral
            ? new(number == 1 ? Raw : string.Empty, Delimiters with { Component = '\0', SubComponent = '\0', Escape = '\0' })
            : new(Er7Split.Part(Raw, Delimiters.Repetition, number), Delimiters);

    /// <summary>The 1-based component of the first repetition.</summary>
    public Hl7Component Component(int number) => Repetition(1).Component(number);

    public override string ToString() => Value;
}
