namespace FhirChain.FhirApi.Search;

/// <summary>The R4 comparison prefixes for number, date and quantity parameters.</summary>
internal enum SearchPrefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
    Ap,
}
