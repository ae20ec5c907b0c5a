package org.civicbroker.query.geo;

/**
 * Distances on the WGS84 sphere of mean radius (IUGG R1 = 6 371 008.8 m). The spherical model
 * differs from the ellipsoid by at most about 0.5 %, which clause 4.10 leaves to the implementation.
 */
public final class Geodesy {

    /** Mean Earth radius in metres. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private Geodesy() {
    }

    /** Great-circle distance in metres between two lon/lat positions (haversine, stable for small distances). */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double h = sq(Math.sin(dPhi / 2)) + Math.cos(phi1) * Math.cos(phi2) * sq(Math.sin(dLambda / 2));
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * A lon/lat box containing every point within {@code metres} of (lon, lat). The latitude extent is
     * exact plus a margin; the longitude half-width is the exact extent of a spherical cap,
     * asin(sin(d/R) / cos(lat)). A cap reaching a pole or crossing the antimeridian spans all
     * longitudes, since a {@link BoundingBox} cannot wrap.
     */
    public static BoundingBox capBox(double lon, double lat, double metres) {
        double angle = metres / EARTH_RADIUS_M;
        // Relative and absolute margins keep rounding on either side from dropping a boundary point.
        double dLat = Math.toDegrees(angle) * (1 + 1e-9) + 1e-9;
        double minY = lat - dLat;
        double maxY = lat + dLat;
        if (angle >= Math.PI / 2 || minY <= -90 || maxY >= 90) {
            return new BoundingBox(-180, Math.max(-90, minY), 180, Math.min(90, maxY));
        }
        double ratio = Math.sin(angle) / Math.cos(Math.toRadians(lat));
        if (ratio >= 1) {
            return new BoundingBox(-180, minY, 180, maxY);
        }
        double dLon = Math.toDegrees(Math.asin(ratio)) * (1 + 1e-9) + 1e-9;
        if (lon - dLon < -180 || lon + dLon > 180) {
            return new BoundingBox(-180, minY, 180, maxY);
        }
        return new BoundingBox(lon - dLon, minY, lon + dLon, maxY);
    }

    /**
     * The position {@code metres} from (lon, lat) along the initial bearing {@code bearingDeg}
     * (clockwise from north), longitude normalised to [-180, 180].
     */
    public static double[] destination(double lon, double lat, double bearingDeg, double metres) {
        double delta = metres / EARTH_RADIUS_M;
        double theta = Math.toRadians(bearingDeg);
        double phi1 = Math.toRadians(lat);
        double lambda1 = Math.toRadians(lon);
        double sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
        double phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
        double lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * sinPhi2);
        return new double[] {normaliseLon(Math.toDegrees(lambda2)), Math.toDegrees(phi2)};
    }

    static double normaliseLon(double lon) {
        double x = ((lon + 180) % 360 + 360) % 360 - 180;
        return x == -180 && lon > 0 ? 180 : x;
    }

    private static double sq(double x) {
        return x * x;
    }
}
