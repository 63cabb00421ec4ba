/** Data: Luxembourg localities (all 12 cantons), their communes, postcode ranges and streets. */

#include "population/localities.h"

#include <string.h>

static const char *const lux_city[] = {"Boulevard Royal", "Avenue de la Liberté", "Route d'Arlon", "Rue de Hollerich",
				       "Avenue Gaston Diderich", "Rue de Bonnevoie", "Route de Thionville",
				       "Boulevard de la Pétrusse", "Rue de Neudorf", "Avenue Pasteur", "Rue de Strasbourg",
				       "Rue de Mühlenbach", "Rue Michel Welter", "Val Sainte-Croix", "Rue de Rollingergrund",
				       "Avenue du X Septembre", "Rue Jean-Pierre Brasseur", "Rue de Cessange", NULL};
static const char *const esch[] = {"Rue de l'Alzette", "Boulevard Kennedy", "Rue du Canal", "Route de Luxembourg",
				   "Rue de Belvaux", "Boulevard Prince Henri", "Rue Dicks", "Rue de la Libération", NULL};
static const char *const differdange[] = {"Avenue de la Liberté", "Rue Émile Mark", "Route de Pétange",
					  "Rue de Soleuvre", NULL};
static const char *const dudelange[] = {"Route de Kayl", "Rue du Parc", "Avenue Grande-Duchesse Charlotte",
					"Rue Gare-Usines", NULL};
static const char *const west[] = {"Route d'Arlon", "Rue de Luxembourg", "Rue des Romains", NULL};
static const char *const north[] = {"Grand-Rue", "Route de Bastogne", "Rue de la Montagne", NULL};
static const char *const moselle[] = {"Route du Vin", "Quai de la Moselle", "Rue des Vignes", NULL};
static const char *const center[] = {"Avenue de la Gare", "Grand-Rue", "Rue de la Sûre", "Avenue Salentiny", NULL};

const struct gx_locality gx_localities[] = {
	/* canton Luxembourg */
	{"Luxembourg", "Luxembourg", "Luxembourg", 1110, 2990, 1340, lux_city},
	{"Hesperange", "Hesperange", "Luxembourg", 5801, 5899, 60, NULL},
	{"Howald", "Hesperange", "Luxembourg", 5801, 5899, 60, NULL},
	{"Fentange", "Hesperange", "Luxembourg", 5801, 5899, 25, NULL},
	{"Itzig", "Hesperange", "Luxembourg", 5901, 5969, 25, NULL},
	{"Strassen", "Strassen", "Luxembourg", 8001, 8049, 100, west},
	{"Bertrange", "Bertrange", "Luxembourg", 8050, 8099, 85, west},
	{"Walferdange", "Walferdange", "Luxembourg", 7201, 7299, 86, NULL},
	{"Steinsel", "Steinsel", "Luxembourg", 7301, 7349, 30, NULL},
	{"Heisdorf", "Steinsel", "Luxembourg", 7301, 7349, 26, NULL},
	{"Niederanven", "Niederanven", "Luxembourg", 6901, 6999, 66, NULL},
	{"Sandweiler", "Sandweiler", "Luxembourg", 5201, 5299, 39, NULL},
	{"Contern", "Contern", "Luxembourg", 5310, 5349, 41, NULL},
	{"Munsbach", "Schuttrange", "Luxembourg", 5350, 5399, 42, NULL},
	{"Weiler-la-Tour", "Weiler-la-Tour", "Luxembourg", 5750, 5799, 24, NULL},
	/* canton Esch-sur-Alzette */
	{"Esch-sur-Alzette", "Esch-sur-Alzette", "Esch-sur-Alzette", 4001, 4398, 370, esch},
	{"Differdange", "Differdange", "Esch-sur-Alzette", 4501, 4599, 150, differdange},
	{"Oberkorn", "Differdange", "Esch-sur-Alzette", 4601, 4649, 70, differdange},
	{"Niederkorn", "Differdange", "Esch-sur-Alzette", 4650, 4699, 70, differdange},
	{"Dudelange", "Dudelange", "Esch-sur-Alzette", 3401, 3599, 220, dudelange},
	{"Pétange", "Pétange", "Esch-sur-Alzette", 4701, 4799, 100, NULL},
	{"Rodange", "Pétange", "Esch-sur-Alzette", 4801, 4899, 75, NULL},
	{"Belvaux", "Sanem", "Esch-sur-Alzette", 4401, 4439, 90, NULL},
	{"Soleuvre", "Sanem", "Esch-sur-Alzette", 4440, 4469, 60, NULL},
	{"Sanem", "Sanem", "Esch-sur-Alzette", 4470, 4499, 30, NULL},
	{"Bettembourg", "Bettembourg", "Esch-sur-Alzette", 3201, 3299, 110, NULL},
	{"Schifflange", "Schifflange", "Esch-sur-Alzette", 3801, 3899, 110, NULL},
	{"Kayl", "Kayl", "Esch-sur-Alzette", 3601, 3679, 50, NULL},
	{"Tétange", "Kayl", "Esch-sur-Alzette", 3680, 3699, 40, NULL},
	{"Rumelange", "Rumelange", "Esch-sur-Alzette", 3701, 3799, 55, NULL},
	{"Mondercange", "Mondercange", "Esch-sur-Alzette", 3901, 3999, 70, NULL},
	{"Leudelange", "Leudelange", "Esch-sur-Alzette", 3301, 3349, 28, NULL},
	{"Berchem", "Roeser", "Esch-sur-Alzette", 3350, 3399, 67, NULL},
	{"Frisange", "Frisange", "Esch-sur-Alzette", 5750, 5799, 48, NULL},
	{"Reckange-sur-Mess", "Reckange-sur-Mess", "Esch-sur-Alzette", 3901, 3999, 25, NULL},
	/* canton Capellen */
	{"Mamer", "Mamer", "Capellen", 8201, 8299, 60, west},
	{"Capellen", "Mamer", "Capellen", 8301, 8319, 20, west},
	{"Bascharage", "Käerjeng", "Capellen", 4901, 4949, 70, NULL},
	{"Clemency", "Käerjeng", "Capellen", 4950, 4969, 25, NULL},
	{"Steinfort", "Steinfort", "Capellen", 8401, 8499, 57, west},
	{"Kehlen", "Kehlen", "Capellen", 8280, 8289, 64, NULL},
	{"Koerich", "Koerich", "Capellen", 8380, 8399, 26, NULL},
	{"Kopstal", "Kopstal", "Capellen", 8101, 8199, 41, NULL},
	{"Garnich", "Garnich", "Capellen", 8350, 8369, 22, NULL},
	{"Schouweiler", "Dippach", "Capellen", 4970, 4999, 48, NULL},
	{"Hobscheid", "Habscht", "Capellen", 8460, 8479, 46, NULL},
	/* canton Mersch */
	{"Mersch", "Mersch", "Mersch", 7501, 7599, 100, center},
	{"Lintgen", "Lintgen", "Mersch", 7401, 7449, 30, NULL},
	{"Lorentzweiler", "Lorentzweiler", "Mersch", 7350, 7399, 43, NULL},
	{"Bissen", "Bissen", "Mersch", 7760, 7799, 35, NULL},
	{"Colmar-Berg", "Colmar-Berg", "Mersch", 7701, 7759, 24, NULL},
	{"Larochette", "Larochette", "Mersch", 7601, 7699, 23, NULL},
	{"Tuntange", "Helperknapp", "Mersch", 7480, 7499, 45, NULL},
	/* canton Grevenmacher */
	{"Grevenmacher", "Grevenmacher", "Grevenmacher", 6701, 6799, 50, moselle},
	{"Junglinster", "Junglinster", "Grevenmacher", 6101, 6199, 80, NULL},
	{"Wasserbillig", "Mertert", "Grevenmacher", 6601, 6699, 49, moselle},
	{"Wormeldange", "Wormeldange", "Grevenmacher", 5480, 5499, 30, moselle},
	{"Betzdorf", "Betzdorf", "Grevenmacher", 6801, 6849, 43, NULL},
	{"Manternach", "Manternach", "Grevenmacher", 6850, 6899, 23, NULL},
	/* canton Remich */
	{"Remich", "Remich", "Remich", 5501, 5599, 38, moselle},
	{"Mondorf-les-Bains", "Mondorf-les-Bains", "Remich", 5601, 5679, 53, NULL},
	{"Schengen", "Schengen", "Remich", 5440, 5449, 50, moselle},
	{"Dalheim", "Dalheim", "Remich", 5680, 5699, 23, NULL},
	{"Stadtbredimus", "Stadtbredimus", "Remich", 5450, 5459, 24, moselle},
	{"Bous", "Bous-Waldbredimus", "Remich", 5400, 5429, 28, NULL},
	/* canton Echternach */
	{"Echternach", "Echternach", "Echternach", 6401, 6499, 58, NULL},
	{"Rosport", "Rosport-Mompach", "Echternach", 6580, 6589, 37, NULL},
	{"Berdorf", "Berdorf", "Echternach", 6550, 6559, 20, NULL},
	{"Consdorf", "Consdorf", "Echternach", 6201, 6229, 20, NULL},
	{"Beaufort", "Beaufort", "Echternach", 6301, 6349, 30, NULL},
	{"Bech", "Bech", "Echternach", 6230, 6249, 14, NULL},
	/* canton Diekirch */
	{"Ettelbruck", "Ettelbruck", "Diekirch", 9001, 9099, 90, center},
	{"Diekirch", "Diekirch", "Diekirch", 9201, 9299, 70, center},
	{"Erpeldange-sur-Sûre", "Erpeldange-sur-Sûre", "Diekirch", 9101, 9129, 25, NULL},
	{"Schieren", "Schieren", "Diekirch", 9130, 9149, 21, NULL},
	{"Bettendorf", "Bettendorf", "Diekirch", 9350, 9369, 28, NULL},
	{"Feulen", "Feulen", "Diekirch", 9170, 9189, 20, NULL},
	{"Bourscheid", "Bourscheid", "Diekirch", 9140, 9169, 16, north},
	/* canton Vianden */
	{"Vianden", "Vianden", "Vianden", 9401, 9499, 22, north},
	{"Tandel", "Tandel", "Vianden", 9370, 9389, 23, NULL},
	{"Putscheid", "Putscheid", "Vianden", 9390, 9399, 11, NULL},
	/* canton Clervaux */
	{"Clervaux", "Clervaux", "Clervaux", 9701, 9769, 55, north},
	{"Troisvierges", "Troisvierges", "Clervaux", 9901, 9979, 34, north},
	{"Hosingen", "Parc Hosingen", "Clervaux", 9801, 9899, 36, north},
	{"Wincrange", "Wincrange", "Clervaux", 9770, 9799, 42, north},
	{"Weiswampach", "Weiswampach", "Clervaux", 9980, 9999, 21, north},
	/* canton Wiltz */
	{"Wiltz", "Wiltz", "Wiltz", 9501, 9599, 72, north},
	{"Esch-sur-Sûre", "Esch-sur-Sûre", "Wiltz", 9650, 9659, 29, north},
	{"Boulaide", "Boulaide", "Wiltz", 9640, 9649, 14, north},
	{"Goesdorf", "Goesdorf", "Wiltz", 9660, 9669, 15, north},
	{"Winseler", "Winseler", "Wiltz", 9670, 9699, 13, north},
	{"Bavigne", "Lac de la Haute-Sûre", "Wiltz", 9600, 9639, 21, north},
	/* canton Redange */
	{"Redange-sur-Attert", "Redange", "Redange", 8501, 8549, 32, NULL},
	{"Beckerich", "Beckerich", "Redange", 8520, 8539, 29, NULL},
	{"Rambrouch", "Rambrouch", "Redange", 8801, 8899, 45, north},
	{"Useldange", "Useldange", "Redange", 8701, 8799, 21, NULL},
	{"Ell", "Ell", "Redange", 8550, 8569, 14, NULL},
	{"Grosbous", "Grosbous", "Redange", 9150, 9159, 12, NULL},
	{"Saeul", "Saeul", "Redange", 7470, 7479, 9, NULL},
};

const size_t gx_localities_count = sizeof(gx_localities) / sizeof(gx_localities[0]);

unsigned gx_locality_weights(unsigned *out)
{
	unsigned sum = 0;
	for (size_t i = 0; i < gx_localities_count; i++) {
		out[i] = gx_localities[i].weight;
		sum += out[i];
	}
	return sum;
}

const char *const gx_common_streets[] = {
	"Rue de la Gare", "Grand-Rue", "Rue Principale", "Route de Luxembourg", "Rue de l'Église", "Rue du Moulin",
	"Rue des Champs", "Rue de la Forêt", "Rue des Jardins", "Rue de l'École", "Rue du Château", "Rue des Prés",
	"Rue du Cimetière", "Rue de la Montagne", "Rue des Vergers", "Rue de la Libération", "Rue Michel Rodange",
	"Rue Dicks", "Rue Robert Schuman", "Rue Jean Monnet", "Rue de la Chapelle", "Rue des Romains",
	"Rue de la Source", "Rue du Parc", "Rue des Roses", "Rue des Lilas", "Rue des Tilleuls", "Rue des Bouleaux",
	"Rue des Hêtres", "Rue des Sports", "Rue du Stade", "Rue Nicolas Welter", "Rue Batty Weber", "Rue de la Poste",
	"Rue du Village", "Rue de la Résistance", "Rue Grande-Duchesse Charlotte", "Rue du Marché",
	"Rue de la Vallée", "Rue des Bois", "Rue du Fossé", "Rue de l'Industrie", "Rue des Écoles", "Rue du Fort",
	"Rue Saint-Martin", "Rue Hiel", "Rue Belle-Vue", "Op der Heed", "Am Duerf", "Rue des Alliés",
};

const size_t gx_common_streets_count = sizeof(gx_common_streets) / sizeof(gx_common_streets[0]);

const char *gx_tax_office(const char *canton, unsigned variant)
{
	static const char *const city[] = {"Bureau d'imposition Luxembourg 1", "Bureau d'imposition Luxembourg 2",
					   "Bureau d'imposition Luxembourg 3", "Bureau d'imposition Luxembourg 4",
					   "Bureau d'imposition Luxembourg 5", "Bureau d'imposition Luxembourg 6"};
	static const struct {
		const char *canton, *office;
	} map[] = {
		{"Esch-sur-Alzette", "Bureau d'imposition Esch-sur-Alzette"},
		{"Capellen", "Bureau d'imposition Mersch"},
		{"Mersch", "Bureau d'imposition Mersch"},
		{"Grevenmacher", "Bureau d'imposition Grevenmacher"},
		{"Remich", "Bureau d'imposition Remich"},
		{"Echternach", "Bureau d'imposition Echternach"},
		{"Diekirch", "Bureau d'imposition Diekirch"},
		{"Vianden", "Bureau d'imposition Diekirch"},
		{"Redange", "Bureau d'imposition Redange"},
		{"Clervaux", "Bureau d'imposition Clervaux"},
		{"Wiltz", "Bureau d'imposition Wiltz"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].canton, canton) == 0)
			return map[i].office;
	return city[variant % (sizeof(city) / sizeof(city[0]))];
}
