using Rigsmith.Catalog;
using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>PSU efficiency at a load fraction, from the 80 PLUS minimums for the unit's level and the site's mains.</summary>
public static class Efficiency
{
    /// <summary>
    /// 80 PLUS 115 V internal minimums at 20 / 50 / 100 % load: Standard 80/80/80, Bronze 82/85/82, Silver 85/88/85,
    /// Gold 87/90/87, Platinum 90/92/89, Titanium 92/94/90. https://www.tomshardware.com/uk/reviews/80-plus-psu-efficiency,4848-2.html
    /// </summary>
    private static readonly Dictionary<EfficiencyRating, double[]> Table115 = new()
    {
        [EfficiencyRating.Standard] = [0.80, 0.80, 0.80],
        [EfficiencyRating.Bronze] = [0.82, 0.85, 0.82],
        [EfficiencyRating.Silver] = [0.85, 0.88, 0.85],
        [EfficiencyRating.Gold] = [0.87, 0.90, 0.87],
        [EfficiencyRating.Platinum] = [0.90, 0.92, 0.89],
        [EfficiencyRating.Titanium] = [0.92, 0.94, 0.90],
    };

    /// <summary>
    /// 80 PLUS 230 V EU internal minimums at 20 / 50 / 100 %: Bronze 85/88/85, Gold 90/92/89, Platinum 92/94/90,
    /// Titanium 94/96/94 (same URL). Assumption: Standard 82/85/82 and Silver 87/90/87, which that page does not list;
    /// they follow the one-level steps of the other rows.
    /// </summary>
    private static readonly Dictionary<EfficiencyRating, double[]> Table230 = new()
    {
        [EfficiencyRating.Standard] = [0.82, 0.85, 0.82],
        [EfficiencyRating.Bronze] = [0.85, 0.88, 0.85],
        [EfficiencyRating.Silver] = [0.87, 0.90, 0.87],
        [EfficiencyRating.Gold] = [0.90, 0.92, 0.89],
        [EfficiencyRating.Platinum] = [0.92, 0.94, 0.90],
        [EfficiencyRating.Titanium] = [0.94, 0.96, 0.94],
    };

    /// <summary>Assumption: an uncertified unit (<c>none</c>) is taken below the 80 PLUS base level, 78/80/78 %, since it has not shown even that.</summary>
    private static readonly double[] Uncertified = [0.78, 0.80, 0.78];

    private static readonly double[] Points = [0.2, 0.5, 1.0];

    /// <summary>80 PLUS Titanium is also rated at 10 % load: 90 % at 115 V internal and at 230 V EU internal (same URL; hardware.md §3.4).</summary>
    private const double TitaniumAt10 = 0.90;

    private static readonly double[] TitaniumPoints = [0.1, 0.2, 0.5, 1.0];

    /// <summary>
    /// Efficiency at <paramref name="loadFraction"/> of rated output: linear between the unit's rated points (10/20/50/100 %
    /// for Titanium, 20/50/100 % for the rest), flat outside them. Assumption: below the lowest rated point efficiency is
    /// held at that point's value (it keeps falling in practice, so the wall figure errs low there).
    /// Between 127 V and 200 V (no 80 PLUS table) the 115 V table is used, the lower of the two.
    /// </summary>
    public static double At(EfficiencyRating rating, Volts mains, double loadFraction)
    {
        var table = rating == EfficiencyRating.None ? Uncertified
            : mains >= Volts.From(200) ? Table230[rating] : Table115[rating];
        var (points, curve) = rating == EfficiencyRating.Titanium ? (TitaniumPoints, (double[])[TitaniumAt10, .. table]) : (Points, table);
        return Interpolate(points, curve, loadFraction);
    }

    private static double Interpolate(double[] points, double[] curve, double loadFraction)
    {
        if (loadFraction <= points[0])
            return curve[0];
        if (loadFraction >= points[^1])
            return curve[^1];
        for (var i = 1; i < points.Length; i++)
        {
            if (loadFraction <= points[i])
            {
                var t = (loadFraction - points[i - 1]) / (points[i] - points[i - 1]);
                return curve[i - 1] + (t * (curve[i] - curve[i - 1]));
            }
        }

        return curve[^1];
    }

    /// <summary>Which curve <see cref="At"/> used, for the report.</summary>
    public static string TableName(EfficiencyRating rating, Volts mains) => rating == EfficiencyRating.None
        ? "Assumption: uncertified unit, 78/80/78 % at 20/50/100 %"
        : mains >= Volts.From(200) ? "80 PLUS 230 V EU internal minimums" : "80 PLUS 115 V internal minimums";
}
