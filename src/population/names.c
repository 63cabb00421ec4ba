/** Data: nationalities of residents, and the names and birth places drawn for each. */

#include "population/names.h"

#define LIST(a) {a, sizeof(a) / sizeof(a[0])}

static const char *const lux_male[] = {"Jean", "Marc", "Paul", "Luc", "Tom", "Pol", "Jeff", "Gilles", "Claude", "Fernand", "Romain", "Nico", "Ben", "Max", "Yves", "Guy", "Marcel", "Carlo", "Raoul", "Sven", "Lex", "Joé", "Mick", "Gast", "Jos"};
static const char *const lux_female[] = {"Marie", "Anne", "Sophie", "Laura", "Lisa", "Carole", "Nathalie", "Martine", "Sandra", "Monique", "Josée", "Christiane", "Lynn", "Mia", "Léa", "Emma", "Julie", "Claudine", "Tessy", "Nadine", "Anouk", "Jill", "Sandy", "Michèle", "Lou"};
static const char *const lux_family[] = {"Schmit", "Muller", "Weber", "Hoffmann", "Wagner", "Thill", "Schmitz", "Becker", "Klein", "Kieffer", "Reuter", "Schroeder", "Meyer", "Kremer", "Faber", "Hansen", "Welter", "Schiltz", "Theis", "Wirtz", "Majerus", "Braun", "Ludwig", "Weis", "Lentz", "Goedert", "Kayser", "Feltgen", "Bettendorf", "Frisch", "Steichen", "Hilbert", "Reding", "Kirsch", "Clement", "Diederich", "Wolff", "Origer", "Back", "Pütz"};
static const char *const lux_places[] = {"Luxembourg", "Esch-sur-Alzette", "Ettelbruck", "Wiltz", "Dudelange"};
static const struct gx_name_group lux = {LIST(lux_male), LIST(lux_female), LIST(lux_family), LIST(lux_places)};

static const char *const prt_male[] = {"João", "José", "António", "Manuel", "Carlos", "Paulo", "Rui", "Nuno", "Pedro", "Miguel", "Luís", "Tiago", "Ricardo", "Bruno", "Diogo", "Fernando", "Hugo", "Sérgio", "Vítor", "Fábio"};
static const char *const prt_female[] = {"Maria", "Ana", "Sofia", "Beatriz", "Carla", "Sandra", "Patrícia", "Catarina", "Joana", "Inês", "Marta", "Rita", "Sónia", "Cláudia", "Vera", "Filipa", "Daniela", "Susana", "Fátima", "Lúcia"};
static const char *const prt_family[] = {"Pereira", "Silva", "Santos", "Ferreira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto", "Carvalho", "Teixeira", "Moreira", "Correia", "Mendes", "Nunes", "Soares", "Vieira", "Monteiro", "Cardoso", "Rocha", "Neves"};
static const char *const prt_places[] = {"Porto", "Lisboa", "Braga", "Viseu", "Guarda", "Chaves", "Coimbra", "Aveiro", "Vila Real", "Bragança", "Praia", "Mindelo"};
static const struct gx_name_group prt = {LIST(prt_male), LIST(prt_female), LIST(prt_family), LIST(prt_places)};

static const char *const fra_male[] = {"Pierre", "Nicolas", "Julien", "Thomas", "Antoine", "Mathieu", "Sébastien", "Olivier", "Laurent", "Vincent", "Guillaume", "Alexandre", "François", "Christophe", "Jérôme", "Hugo", "Louis", "Arthur", "Maxime", "Romain"};
static const char *const fra_female[] = {"Camille", "Julie", "Céline", "Aurélie", "Émilie", "Isabelle", "Sylvie", "Élodie", "Caroline", "Mathilde", "Chloé", "Manon", "Pauline", "Claire", "Hélène", "Audrey", "Margaux", "Inès", "Charlotte", "Justine"};
static const char *const fra_family[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Masson", "Henry"};
static const char *const fra_places[] = {"Metz", "Thionville", "Nancy", "Longwy", "Strasbourg", "Paris", "Lyon", "Lille", "Reims", "Verdun"};
static const struct gx_name_group fra = {LIST(fra_male), LIST(fra_female), LIST(fra_family), LIST(fra_places)};

static const char *const ita_male[] = {"Marco", "Luca", "Giuseppe", "Francesco", "Alessandro", "Andrea", "Matteo", "Giovanni", "Stefano", "Roberto", "Paolo", "Davide", "Simone", "Fabio", "Antonio"};
static const char *const ita_female[] = {"Giulia", "Francesca", "Chiara", "Sara", "Valentina", "Federica", "Elena", "Alessia", "Martina", "Silvia", "Paola", "Laura", "Roberta", "Serena", "Anna"};
static const char *const ita_family[] = {"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti"};
static const char *const ita_places[] = {"Roma", "Milano", "Napoli", "Torino", "Bari", "Palermo", "Firenze", "Bologna", "Pescara", "Gubbio"};
static const struct gx_name_group ita = {LIST(ita_male), LIST(ita_female), LIST(ita_family), LIST(ita_places)};

static const char *const bel_male[] = {"Jean-Marc", "Olivier", "Pieter", "Thomas", "Kevin", "Benoît", "Wim", "Koen", "Didier", "Frédéric", "Jeroen", "Michaël", "Lucas", "Arnaud", "Bart"};
static const char *const bel_female[] = {"Nathalie", "Sofie", "An", "Els", "Valérie", "Catherine", "Véronique", "Lien", "Marie", "Charlotte", "Laure", "Annelies", "Aline", "Elke", "Nele"};
static const char *const bel_family[] = {"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Leclercq", "Renard", "Lejeune", "Michaux", "Collignon"};
static const char *const bel_places[] = {"Arlon", "Liège", "Bruxelles", "Namur", "Bastogne", "Antwerpen", "Gent", "Virton", "Charleroi", "Leuven"};
static const struct gx_name_group bel = {LIST(bel_male), LIST(bel_female), LIST(bel_family), LIST(bel_places)};

static const char *const deu_male[] = {"Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Tobias", "Florian", "Jan", "Matthias", "Lukas", "Felix", "Jonas", "Daniel", "Martin"};
static const char *const deu_female[] = {"Julia", "Katharina", "Sabine", "Stefanie", "Andrea", "Claudia", "Anna", "Lena", "Laura", "Nicole", "Petra", "Susanne", "Sarah", "Hannah", "Lea"};
static const char *const deu_family[] = {"Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Weber", "Schulz", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger"};
static const char *const deu_places[] = {"Trier", "Saarbrücken", "Köln", "Bitburg", "Mainz", "Koblenz", "Berlin", "München", "Frankfurt am Main", "Hamburg"};
static const struct gx_name_group deu = {LIST(deu_male), LIST(deu_female), LIST(deu_family), LIST(deu_places)};

static const char *const esp_male[] = {"Javier", "Carlos", "David", "Daniel", "Alejandro", "Pablo", "Sergio", "Jorge", "Manuel", "Álvaro"};
static const char *const esp_female[] = {"María", "Lucía", "Carmen", "Laura", "Elena", "Marta", "Paula", "Cristina", "Sara", "Ana"};
static const char *const esp_family[] = {"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno"};
static const char *const esp_places[] = {"Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Zaragoza"};
static const struct gx_name_group esp = {LIST(esp_male), LIST(esp_female), LIST(esp_family), LIST(esp_places)};

static const char *const rou_male[] = {"Andrei", "Alexandru", "Mihai", "Ionuț", "Cristian", "Florin", "Adrian", "Bogdan", "Radu", "Vlad"};
static const char *const rou_female[] = {"Andreea", "Elena", "Ioana", "Maria", "Alexandra", "Mihaela", "Cristina", "Raluca", "Diana", "Roxana"};
static const char *const rou_family[] = {"Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu", "Munteanu", "Matei", "Constantin", "Marin"};
static const char *const rou_places[] = {"București", "Cluj-Napoca", "Iași", "Timișoara", "Brașov", "Constanța"};
static const struct gx_name_group rou = {LIST(rou_male), LIST(rou_female), LIST(rou_family), LIST(rou_places)};

static const char *const pol_male[] = {"Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Michał", "Jakub", "Łukasz", "Adam", "Kamil"};
static const char *const pol_female[] = {"Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Aleksandra", "Ewa", "Natalia", "Karolina"};
static const char *const pol_family[] = {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski"};
static const char *const pol_places[] = {"Warszawa", "Kraków", "Wrocław", "Poznań", "Gdańsk", "Łódź"};
static const struct gx_name_group pol = {LIST(pol_male), LIST(pol_female), LIST(pol_family), LIST(pol_places)};

static const char *const gbr_male[] = {"James", "John", "David", "Michael", "Daniel", "Oliver", "Thomas", "Christopher", "Matthew", "Andrew", "Ryan", "Sean"};
static const char *const gbr_female[] = {"Emma", "Sarah", "Emily", "Charlotte", "Hannah", "Rachel", "Jessica", "Rebecca", "Laura", "Amy", "Siobhan", "Claire"};
static const char *const gbr_family[] = {"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Walker", "Murphy", "Kelly", "O'Brien", "Miller"};
static const char *const gbr_places[] = {"London", "Manchester", "Edinburgh", "Dublin", "Cork", "New York", "Boston", "Birmingham", "Glasgow"};
static const struct gx_name_group gbr = {LIST(gbr_male), LIST(gbr_female), LIST(gbr_family), LIST(gbr_places)};

static const char *const gre_male[] = {"Georgios", "Dimitrios", "Konstantinos", "Ioannis", "Nikolaos", "Panagiotis", "Christos", "Vasileios"};
static const char *const gre_female[] = {"Maria", "Eleni", "Aikaterini", "Vasiliki", "Sofia", "Angeliki", "Georgia", "Dimitra"};
static const char *const gre_family[] = {"Papadopoulos", "Papadakis", "Georgiou", "Nikolaidis", "Oikonomou", "Dimitriou", "Konstantinidis", "Vlachos", "Karagiannis", "Pappas"};
static const char *const gre_places[] = {"Athína", "Thessaloníki", "Pátra", "Irákleio", "Lárisa"};
static const struct gx_name_group gre = {LIST(gre_male), LIST(gre_female), LIST(gre_family), LIST(gre_places)};

static const char *const nld_male[] = {"Daan", "Sem", "Bram", "Lars", "Thijs", "Jeroen", "Maarten", "Ruben", "Sander", "Niels"};
static const char *const nld_female[] = {"Emma", "Sanne", "Lotte", "Anouk", "Femke", "Eva", "Iris", "Fleur", "Lisa", "Noor"};
static const char *const nld_family[] = {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"};
static const char *const nld_places[] = {"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Maastricht", "Den Haag"};
static const struct gx_name_group nld = {LIST(nld_male), LIST(nld_female), LIST(nld_family), LIST(nld_places)};

static const char *const ind_male[] = {"Rahul", "Amit", "Rohan", "Arjun", "Vikram", "Sanjay", "Anil", "Karthik", "Suresh", "Rajesh"};
static const char *const ind_female[] = {"Priya", "Ananya", "Divya", "Kavya", "Pooja", "Neha", "Shreya", "Lakshmi", "Meera", "Anjali"};
static const char *const ind_family[] = {"Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Rao", "Joshi", "Mehta", "Das"};
static const char *const ind_places[] = {"Mumbai", "Bengaluru", "Chennai", "New Delhi", "Hyderabad", "Pune", "Kolkata"};
static const struct gx_name_group ind = {LIST(ind_male), LIST(ind_female), LIST(ind_family), LIST(ind_places)};

static const char *const bal_male[] = {"Amir", "Edin", "Adnan", "Dino", "Jasmin", "Nikola", "Marko", "Stefan", "Miloš", "Nenad"};
static const char *const bal_female[] = {"Amra", "Lejla", "Selma", "Ajla", "Jelena", "Milica", "Ivana", "Marija", "Dragana", "Emina"};
static const char *const bal_family[] = {"Hodžić", "Kovačević", "Begić", "Delić", "Mujić", "Petrović", "Jovanović", "Nikolić", "Đukanović", "Vujović", "Popović", "Marković"};
static const char *const bal_places[] = {"Bijelo Polje", "Podgorica", "Beograd", "Sarajevo", "Rožaje", "Niš", "Novi Sad", "Bar"};
static const struct gx_name_group bal = {LIST(bal_male), LIST(bal_female), LIST(bal_family), LIST(bal_places)};

static const char *const chn_male[] = {"Wei", "Jun", "Hao", "Lei", "Ming", "Jie", "Yang", "Tao", "Qiang", "Bo"};
static const char *const chn_female[] = {"Li", "Na", "Jing", "Ying", "Xin", "Hui", "Yan", "Fang", "Mei", "Lan"};
static const char *const chn_family[] = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"};
static const char *const chn_places[] = {"Beijing", "Shanghai", "Guangzhou", "Shenzhen", "Wuhan", "Chengdu"};
static const struct gx_name_group chn = {LIST(chn_male), LIST(chn_female), LIST(chn_family), LIST(chn_places)};

const struct gx_nationality gx_nationalities[] = {
	{"LUX", 530, &lux, "fr"},
	{"PRT", 155, &prt, "fr"},
	{"FRA", 82, &fra, "fr"},
	{"ITA", 42, &ita, "fr"},
	{"BEL", 34, &bel, "fr"},
	{"DEU", 22, &deu, "de"},
	{"ESP", 15, &esp, "fr"},
	{"ROU", 14, &rou, "en"},
	{"POL", 12, &pol, "en"},
	{"GBR", 12, &gbr, "en"},
	{"GRC", 10, &gre, "en"},
	{"NLD", 8, &nld, "en"},
	{"IND", 12, &ind, "en"},
	{"CPV", 12, &prt, "fr"},
	{"BRA", 8, &prt, "fr"},
	{"CHN", 7, &chn, "en"},
	{"MNE", 10, &bal, "de"},
	{"SRB", 8, &bal, "de"},
	{"IRL", 5, &gbr, "en"},
	{"USA", 5, &gbr, "en"},
	{"BIH", 4, &bal, "de"},
};

const size_t gx_nationalities_count = sizeof(gx_nationalities) / sizeof(gx_nationalities[0]);

const struct gx_name_list gx_lux_birth_places = LIST(lux_places);
