using System.Linq;

namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP005: a navigation EF Core cannot pair with an inverse (navigations both ways between two types and
/// more than one on a side, or three or more self-references, with nothing pairing this one). EF Core
/// throws "Unable to determine the relationship represented by navigation" when it builds the model.
/// The facts come from the model index (<see cref="NavigationModel.IsAmbiguous"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AmbiguousRelationshipAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the navigation's name.</summary>
    public const string NavigationKey = "Navigation";

    /// <summary>Diagnostic property: the type key of the entity declaring the navigation.</summary>
    public const string EntityKey = "Entity";

    /// <summary>Diagnostic property: the target type's name, as written in <c>nameof(Target.Inverse)</c>.</summary>
    public const string TargetKey = "Target";

    /// <summary>Diagnostic property: the type key of the target entity.</summary>
    public const string TargetTypeKey = "TargetType";

    /// <summary>Diagnostic property: possible inverses, best first, separated by ';'.</summary>
    public const string CandidatesKey = "Candidates";

    /// <summary>Diagnostic property: every ambiguous navigation of the declaring entity towards the target, ';'-separated.</summary>
    public const string SiblingsKey = "Siblings";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.AmbiguousRelationship,
        "Ambiguous relationship",
        "EF Core cannot tell which navigation of '{1}' is the inverse of '{0}' ({2}): it throws \"Unable to determine the relationship represented by navigation\" when it builds the model",
        RuleCategories.Reliability,
        DiagnosticSeverity.Error,
        "When two entity types have navigations to each other and one side has several of them, EF Core's conventions cannot pair them. Pair them with [InverseProperty] or a fluent HasOne/HasMany(..).WithOne/WithMany(..) chain.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        context.RegisterSymbolAction(AnalyzeProperty, SymbolKind.Property);
        ExternalMembers.Register(context, symbols, (scope, model, entity, property) =>
        {
            if (entity.FindNavigation(property.Name) is { IsAmbiguous: true } navigation && EntityMembers.IsSame(navigation.Property, property))
            {
                Report(scope, entity, navigation);
            }
        });
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context)
    {
        var property = (IPropertySymbol)context.Symbol;
        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        // each context pairs navigations on its own (a relationship configured in one settles nothing in another)
        foreach (var entity in model.GetContextEntitiesOf(property))
        {
            if (entity.FindNavigation(property.Name) is not { IsAmbiguous: true } navigation ||
                !EntityMembers.IsSame(navigation.Property, property))
            {
                continue;
            }

            Report(MemberScope.OnMember(context, navigation.Property), entity, navigation);
            return;
        }
    }

    private static void Report(MemberScope context, EntityModel entity, NavigationModel navigation)
    {
        var ranked = Rank(entity, navigation);
        var siblings = entity.Navigations
            .Where(n => n.IsAmbiguous && SymbolEqualityComparer.Default.Equals(n.Target, navigation.Target))
            .Select(n => n.Name);

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[NavigationKey] = navigation.Name;
        properties[EntityKey] = entity.Type.GetTypeKey();
        properties[TargetKey] = navigation.Target.Name;
        properties[TargetTypeKey] = navigation.Target.GetTypeKey();
        properties[CandidatesKey] = string.Join(";", ranked);
        properties[SiblingsKey] = string.Join(";", siblings);

        var others = ranked.Length == 0 ? "no navigation left to pair with" : "candidates: " + string.Join(", ", ranked.Select(r => "'" + r + "'"));
        context.Report(Diagnostic.Create(
            Rule,
            context.Location,
            context.WithSite(properties.ToImmutable(), navigation.Property),
            entity.Name + "." + navigation.Name + entity.Model.ContextSuffix,
            navigation.Target.Name,
            others));
    }

    /// <summary>Possible inverses, best first: shared name stems, then a matching <c>{Nav}Id</c> key, then declaration order.</summary>
    internal static ImmutableArray<string> Rank(EntityModel entity, NavigationModel navigation)
    {
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Stems(entity.Name).Concat(Stems(navigation.Target.Name)))
        {
            ignored.Add(word);
        }

        var mine = Stems(navigation.Name).Where(s => !ignored.Contains(s)).ToList();
        return navigation.AmbiguousInverses
            .Select((candidate, order) => (candidate, order, score: Score(entity, navigation, candidate, mine, ignored)))
            .OrderByDescending(c => c.score)
            .ThenBy(c => c.order)
            .Select(c => c.candidate.Name)
            .ToImmutableArray();
    }

    private static int Score(EntityModel entity, NavigationModel navigation, NavigationModel candidate, List<string> mine, HashSet<string> ignored)
    {
        var theirs = Stems(candidate.Name).Where(s => !ignored.Contains(s)).ToList();
        var score = 10 * mine.Count(theirs.Contains);

        // a {Nav}Id property beside the reference side shows which navigation the key belongs to
        var reference = navigation.IsCollection ? candidate : navigation;
        var referenceOwner = navigation.IsCollection ? candidate.Property.ContainingType : entity.Type;
        foreach (var member in referenceOwner.GetMembers(reference.Name + "Id"))
        {
            if (member is IPropertySymbol)
            {
                score += 1;
            }
        }

        return score;
    }

    /// <summary>Lower-case word stems of a PascalCase name (CreatedTasks → creat, task); "by", "to", "of" and "id" dropped.</summary>
    internal static List<string> Stems(string name)
    {
        var stems = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])) || name[i] == '_')
            {
                var word = name.Substring(start, i - start).Trim('_').ToLowerInvariant();
                start = i;
                if (word.Length == 0 || word is "by" or "to" or "of" or "id" or "the" or "for" or "in" or "on")
                {
                    continue;
                }

                stems.Add(Stem(word));
            }
        }

        return stems;
    }

    private static string Stem(string word)
    {
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            word = word.Substring(0, word.Length - 3) + "y";
        }
        else if (word.EndsWith("s", StringComparison.Ordinal) && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3)
        {
            word = word.Substring(0, word.Length - 1);
        }

        for (var i = 0; i < 2; i++)
        {
            foreach (var suffix in new[] { "ed", "ing", "er", "or", "e" })
            {
                if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
                {
                    word = word.Substring(0, word.Length - suffix.Length);
                    break;
                }
            }
        }

        return word;
    }
}
