<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en_US">
  <context>
    <name>App</name>
    <message>
      <source>%1 — demo</source>
      <translation>%1 — демо</translation>
    </message>
    <message>
      <source>No printer</source>
      <translation>Принтер не настроен</translation>
    </message>
    <message>
      <source>Checking printer</source>
      <translation>Проверка принтера</translation>
    </message>
    <message>
      <source>Printer ready</source>
      <translation>Принтер готов</translation>
    </message>
    <message>
      <source>Printer stopped</source>
      <translation>Принтер остановлен</translation>
    </message>
    <message>
      <source>Printer not connected</source>
      <translation>Принтер не подключён</translation>
    </message>
    <message>
      <source>Printer offline</source>
      <translation>Принтер не в сети</translation>
    </message>
    <message>
      <source>Printer not accepting data</source>
      <translation>Принтер не принимает данные</translation>
    </message>
    <message>
      <source>Print queue error</source>
      <translation>Ошибка очереди печати</translation>
    </message>
    <message>
      <source>Printer settings broken</source>
      <translation>Настройки принтера повреждены</translation>
    </message>
    <message>
      <source>Paper near end</source>
      <translation>Бумага заканчивается</translation>
    </message>
    <message>
      <source>Printing</source>
      <translation>Идёт печать</translation>
    </message>
    <message>
      <source>No answer from printer</source>
      <translation>Принтер не отвечает</translation>
    </message>
    <message>
      <source>Paper out</source>
      <translation>Нет бумаги</translation>
    </message>
    <message>
      <source>Cover open</source>
      <translation>Открыта крышка</translation>
    </message>
    <message>
      <source>Printer error</source>
      <translation>Ошибка принтера</translation>
    </message>
    <message>
      <source>No PBX configured</source>
      <translation>АТС не настроена</translation>
    </message>
    <message>
      <source>Callshop POS</source>
      <translation>Переговорный пункт</translation>
    </message>
    <message>
      <source>The counter cannot start: %1</source>
      <translation>Касса не может запуститься: %1</translation>
    </message>
  </context>
  <context>
    <name>BoothActions</name>
    <message>
      <source>Could not start the booth</source>
      <translation>Не удалось запустить кабину</translation>
    </message>
    <message>
      <source>Could not read the session</source>
      <translation>Не удалось прочитать сеанс</translation>
    </message>
    <message>
      <source>Could not top up</source>
      <translation>Не удалось пополнить</translation>
    </message>
    <message>
      <source>Could not add the item</source>
      <translation>Не удалось добавить товар</translation>
    </message>
    <message>
      <source>Could not stop the booth</source>
      <translation>Не удалось остановить кабину</translation>
    </message>
  </context>
  <context>
    <name>BoothTile</name>
    <message>
      <source>Free</source>
      <translation>Свободна</translation>
    </message>
    <message>
      <source>Ringing</source>
      <translation>Вызов</translation>
    </message>
    <message>
      <source>In call</source>
      <translation>Разговор</translation>
    </message>
    <message>
      <source>Out of order</source>
      <translation>Не работает</translation>
    </message>
    <message>
      <source>Phone unregistered</source>
      <translation>Телефон не в сети</translation>
    </message>
    <message>
      <source>PBX offline</source>
      <translation>АТС недоступна</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Сеанс</translation>
    </message>
    <message>
      <source>Left</source>
      <translation>Остаток</translation>
    </message>
    <message>
      <source>talk %1</source>
      <translation>ещё %1</translation>
    </message>
    <message>
      <source>checking rate…</source>
      <translation>поиск тарифа…</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Старт</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Стоп</translation>
    </message>
    <message>
      <source>Postpaid</source>
      <translation>Постоплата</translation>
    </message>
    <message>
      <source>Top-up</source>
      <translation>Пополнить</translation>
    </message>
    <message>
      <source>+ Item</source>
      <translation>+ Товар</translation>
    </message>
    <message>
      <source>dialing %1</source>
      <translation>набор %1</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>Заблокирована</translation>
    </message>
    <message>
      <source>Prepaid</source>
      <translation>Предоплата</translation>
    </message>
    <message>
      <source>No calls until Start</source>
      <translation>Звонки закрыты до «Старт»</translation>
    </message>
    <message>
      <source>Cannot be started</source>
      <translation>Запуск невозможен</translation>
    </message>
    <message>
      <source>Refused %1</source>
      <translation>Отказ: %1</translation>
    </message>
    <message>
      <source>Low balance · %1</source>
      <translation>Мало денег · %1</translation>
    </message>
  </context>
  <context>
    <name>CallsDialog</name>
    <message>
      <source>Calls</source>
      <translation>Звонки</translation>
    </message>
    <message>
      <source>All booths</source>
      <translation>Все кабины</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Обновить</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>День</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Загрузка…</translation>
    </message>
    <message numerus="yes">
      <source>%n call(s)</source>
      <translation>
        <numerusform>%n звонок</numerusform>
        <numerusform>%n звонка</numerusform>
        <numerusform>%n звонков</numerusform>
      </translation>
    </message>
    <message>
      <source>Day: %1 calls, %2 answered, %3 talk, revenue %4</source>
      <translation>За день: звонков %1, отвечено %2, разговор %3, выручка %4</translation>
    </message>
    <message>
      <source>Session report (PDF)</source>
      <translation>Отчёт по сеансу (PDF)</translation>
    </message>
    <message>
      <source>Invoice (PDF)</source>
      <translation>Счёт (PDF)</translation>
    </message>
    <message>
      <source>Making the PDF…</source>
      <translation>Готовим PDF…</translation>
    </message>
    <message>
      <source>No PDF: %1</source>
      <translation>PDF не создан: %1</translation>
    </message>
  </context>
  <context>
    <name>CallsTableModel</name>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>Номер</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Длительность</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Стоимость</translation>
    </message>
    <message>
      <source>answered</source>
      <translation>отвечен</translation>
    </message>
    <message>
      <source>no answer</source>
      <translation>нет ответа</translation>
    </message>
    <message>
      <source>busy</source>
      <translation>занято</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>не прошёл</translation>
    </message>
    <message>
      <source>refused</source>
      <translation>отклонён</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
  </context>
  <context>
    <name>Dialogs</name>
    <message>
      <source>Database unreachable — try again in a moment</source>
      <translation>База данных недоступна — повторите чуть позже</translation>
    </message>
    <message>
      <source>Unexpected error: %1</source>
      <translation>Непредвиденная ошибка: %1</translation>
    </message>
    <message>
      <source>PDF</source>
      <translation>PDF</translation>
    </message>
    <message>
      <source>No PDF viewer could be opened. The file is %1</source>
      <translation>Не удалось открыть программу просмотра PDF. Файл: %1</translation>
    </message>
  </context>
  <context>
    <name>ExtraDialog</name>
    <message>
      <source>Add item to %1</source>
      <translation>Товар или услуга: %1</translation>
    </message>
    <message>
      <source>&amp;Item</source>
      <translation>&amp;Наименование</translation>
    </message>
    <message>
      <source>Unit &amp;price (%1)</source>
      <translation>&amp;Цена за единицу (%1)</translation>
    </message>
    <message>
      <source>&amp;Quantity</source>
      <translation>&amp;Количество</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Добавить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Describe the item.</source>
      <translation>Укажите наименование.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Settings</source>
      <translation>Настройки</translation>
    </message>
    <message>
      <source>Settings…</source>
      <translation>Настройки…</translation>
    </message>
    <message>
      <source>Callshop POS — %1</source>
      <translation>Переговорный пункт — %1</translation>
    </message>
    <message>
      <source>Actions</source>
      <translation>Действия</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Старт</translation>
    </message>
    <message>
      <source>Postpaid</source>
      <translation>Постоплата</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Стоп</translation>
    </message>
    <message>
      <source>Top-up</source>
      <translation>Пополнить</translation>
    </message>
    <message>
      <source>Add item</source>
      <translation>Товар</translation>
    </message>
    <message>
      <source>Price check</source>
      <translation>Узнать цену</translation>
    </message>
    <message>
      <source>Today's calls</source>
      <translation>Звонки за день</translation>
    </message>
    <message>
      <source>Select booth %1</source>
      <translation>Выбрать кабину %1</translation>
    </message>
    <message>
      <source>This booth is running: press X to stop it.</source>
      <translation>Кабина занята: нажмите X, чтобы остановить её.</translation>
    </message>
    <message>
      <source>&amp;Shop</source>
      <translation>&amp;Магазин</translation>
    </message>
    <message>
      <source>Printer settings…</source>
      <translation>Настройки принтера…</translation>
    </message>
    <message>
      <source>Print queue…</source>
      <translation>Очередь печати…</translation>
    </message>
    <message>
      <source>Open log folder</source>
      <translation>Открыть папку журнала</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Язык</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Выход</translation>
    </message>
    <message>
      <source>No print service: receipts are not printed.</source>
      <translation>Печать не настроена: чеки не печатаются.</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>Чековый принтер</translation>
    </message>
    <message>
      <source>The language is saved. It applies the next time the counter starts.</source>
      <translation>Язык сохранён. Он будет применён при следующем запуске кассы.</translation>
    </message>
    <message>
      <source>Lock screen</source>
      <translation>Заблокировать экран</translation>
    </message>
    <message>
      <source>Owner: %1</source>
      <translation>Владелец: %1</translation>
    </message>
    <message>
      <source>Switch user…</source>
      <translation>Сменить пользователя…</translation>
    </message>
    <message>
      <source>Set-up assistant…</source>
      <translation>Мастер настройки…</translation>
    </message>
    <message>
      <source>Reports…</source>
      <translation>Отчёты…</translation>
    </message>
    <message>
      <source>The shift has been open for %1 h (more than %2 h): close it with a Z report.</source>
      <translation>Смена открыта уже %1 ч (больше %2 ч): закройте её Z-отчётом.</translation>
    </message>
    <message>
      <source>It is past closing time (%1) and booths are still running: %2.</source>
      <translation>Время закрытия (%1) прошло, а кабины ещё работают: %2.</translation>
    </message>
    <message>
      <source>Open shift…</source>
      <translation>Открыть смену…</translation>
    </message>
    <message>
      <source>X report</source>
      <translation>X-отчёт</translation>
    </message>
    <message>
      <source>Close shift (Z)…</source>
      <translation>Закрыть смену (Z)…</translation>
    </message>
    <message>
      <source>No shift open</source>
      <translation>Смена не открыта</translation>
    </message>
    <message>
      <source>Shift #%1 since %2</source>
      <translation>Смена №%1 с %2</translation>
    </message>
    <message>
      <source>Pay in…</source>
      <translation>Внесение…</translation>
    </message>
    <message>
      <source>Pay out…</source>
      <translation>Выплата…</translation>
    </message>
    <message>
      <source>Reprint Z…</source>
      <translation>Повторить Z-отчёт…</translation>
    </message>
    <message>
      <source>Refund…</source>
      <translation>Возврат…</translation>
    </message>
  </context>
  <context>
    <name>MoneyInput</name>
    <message>
      <source>Enter an amount.</source>
      <translation>Введите сумму.</translation>
    </message>
    <message>
      <source>The amount cannot be negative.</source>
      <translation>Сумма не может быть отрицательной.</translation>
    </message>
    <message>
      <source>The amount must be more than zero.</source>
      <translation>Сумма должна быть больше нуля.</translation>
    </message>
    <message>
      <source>Use at most %1 decimal places.</source>
      <translation>Не больше %1 знаков после запятой.</translation>
    </message>
    <message>
      <source>Not an amount: use digits and one decimal point, e.g. 12.50.</source>
      <translation>Это не сумма: введите цифры и один десятичный разделитель, например 12,50.</translation>
    </message>
  </context>
  <context>
    <name>PriceCheckDialog</name>
    <message>
      <source>Price check</source>
      <translation>Узнать цену</translation>
    </message>
    <message>
      <source>Number, e.g. 0049301234567</source>
      <translation>Номер, например 0049301234567</translation>
    </message>
    <message>
      <source>optional</source>
      <translation>необязательно</translation>
    </message>
    <message>
      <source>&amp;Number</source>
      <translation>&amp;Номер</translation>
    </message>
    <message>
      <source>&amp;Amount (%1)</source>
      <translation>&amp;Сумма (%1)</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Цена</translation>
    </message>
    <message>
      <source>Buys</source>
      <translation>Хватит на</translation>
    </message>
    <message>
      <source>Calls to this destination are not allowed</source>
      <translation>Звонки на это направление запрещены</translation>
    </message>
    <message>
      <source>No price for this number</source>
      <translation>Нет тарифа для этого номера</translation>
    </message>
    <message>
      <source>%1 per minute</source>
      <translation>%1 в минуту</translation>
    </message>
    <message>
      <source>, then %1</source>
      <translation>, далее %1</translation>
    </message>
    <message>
      <source>unlimited</source>
      <translation>без ограничения</translation>
    </message>
    <message>
      <source>%1 for %2</source>
      <translation>%1 на %2</translation>
    </message>
    <message>
      <source>Number or destination, e.g. 0049301234567 or Cuba</source>
      <translation>Номер или направление, например 0049301234567 или Куба</translation>
    </message>
    <message>
      <source>&amp;Number or destination</source>
      <translation>&amp;Номер или направление</translation>
    </message>
    <message>
      <source>Price per minute</source>
      <translation>Цена за минуту</translation>
    </message>
    <message>
      <source>Prefix</source>
      <translation>Префикс</translation>
    </message>
    <message>
      <source>Billing</source>
      <translation>Тарификация</translation>
    </message>
    <message>
      <source>Charges</source>
      <translation>Сборы</translation>
    </message>
    <message>
      <source>1 minute</source>
      <translation>1 минута</translation>
    </message>
    <message>
      <source>%1, everything included</source>
      <translation>%1 со всеми сборами</translation>
    </message>
    <message>
      <source>%1 for %2: the longest call the shop allows</source>
      <translation>%1 на %2: самый долгий звонок, разрешённый в салоне</translation>
    </message>
    <message>
      <source>per %1 s</source>
      <translation>по %1 с</translation>
    </message>
    <message>
      <source>first %1 s, then per %2 s</source>
      <translation>первые %1 с, далее по %2 с</translation>
    </message>
    <message>
      <source>Connection fee %1</source>
      <translation>Плата за соединение %1</translation>
    </message>
    <message>
      <source>No connection fee</source>
      <translation>Без платы за соединение</translation>
    </message>
    <message>
      <source>First %1 s of every call free</source>
      <translation>Первые %1 с каждого звонка бесплатно</translation>
    </message>
    <message>
      <source>Calls up to %1 s are free</source>
      <translation>Звонки до %1 с бесплатны</translation>
    </message>
    <message>
      <source>Surcharge +%1 %</source>
      <translation>Надбавка +%1 %</translation>
    </message>
    <message>
      <source>No destination matches %1</source>
      <translation>Нет направления «%1»</translation>
    </message>
    <message>
      <source>%1 destinations</source>
      <translation>Направлений: %1</translation>
    </message>
    <message>
      <source>%1 more: type more of the name</source>
      <translation>Ещё %1: уточните название</translation>
    </message>
    <message>
      <source>not allowed</source>
      <translation>запрещено</translation>
    </message>
  </context>
  <context>
    <name>PrintQueueDialog</name>
    <message>
      <source>Void receipt…</source>
      <translation>Аннулировать чек…</translation>
    </message>
    <message>
      <source>VOID slip</source>
      <translation>Квитанция аннулирования</translation>
    </message>
    <message>
      <source>Receipt %1 voided: %2 given back in cash.</source>
      <translation>Чек %1 аннулирован: %2 выдано наличными.</translation>
    </message>
    <message>
      <source>Print queue</source>
      <translation>Очередь печати</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Тип</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Чек</translation>
    </message>
    <message>
      <source>Attempts</source>
      <translation>Попытки</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Состояние</translation>
    </message>
    <message>
      <source>Last error</source>
      <translation>Последняя ошибка</translation>
    </message>
    <message>
      <source>Nothing waiting: every receipt is printed.</source>
      <translation>Очередь пуста: все чеки напечатаны.</translation>
    </message>
    <message>
      <source>Retry now</source>
      <translation>Повторить сейчас</translation>
    </message>
    <message>
      <source>Cancel job</source>
      <translation>Отменить задание</translation>
    </message>
    <message>
      <source>Reprint receipt…</source>
      <translation>Копия чека…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>given up</source>
      <translation>не напечатан</translation>
    </message>
    <message>
      <source>waiting</source>
      <translation>ждёт</translation>
    </message>
    <message>
      <source>Session receipt</source>
      <translation>Чек сеанса</translation>
    </message>
    <message>
      <source>Call receipt</source>
      <translation>Чек звонка</translation>
    </message>
    <message>
      <source>%1 (copy)</source>
      <translation>%1 (копия)</translation>
    </message>
    <message>
      <source>Trying again…</source>
      <translation>Пробуем снова…</translation>
    </message>
    <message>
      <source>Job cancelled.</source>
      <translation>Задание отменено.</translation>
    </message>
    <message>
      <source>The job was printed or cancelled already.</source>
      <translation>Задание уже напечатано или отменено.</translation>
    </message>
    <message>
      <source>Reprint receipt</source>
      <translation>Повторная печать чека</translation>
    </message>
    <message>
      <source>Receipt number (the copy is marked COPY):</source>
      <translation>Номер чека (копия помечается «КОПИЯ»):</translation>
    </message>
    <message>
      <source>Queueing a copy of receipt %1…</source>
      <translation>Ставим в очередь копию чека %1…</translation>
    </message>
    <message>
      <source>A copy of receipt %1 is queued.</source>
      <translation>Копия чека %1 в очереди печати.</translation>
    </message>
    <message>
      <source>No copy of receipt %1: %2</source>
      <translation>Копия чека %1 не создана: %2</translation>
    </message>
    <message>
      <source>Refund slip</source>
      <translation>Квитанция возврата</translation>
    </message>
  </context>
  <context>
    <name>StartDialog</name>
    <message>
      <source>Start booth %1</source>
      <translation>Запуск: %1</translation>
    </message>
    <message>
      <source>Start %1</source>
      <translation>Запустить %1</translation>
    </message>
    <message>
      <source>&amp;Prepaid</source>
      <translation>&amp;Предоплата</translation>
    </message>
    <message>
      <source>P&amp;ostpaid</source>
      <translation>П&amp;остоплата</translation>
    </message>
    <message>
      <source>&amp;Amount (%1)</source>
      <translation>&amp;Сумма (%1)</translation>
    </message>
    <message>
      <source>&amp;Credit limit (%1)</source>
      <translation>&amp;Кредитный лимит (%1)</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Запустить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>StatusPanel</name>
    <message>
      <source>Database unreachable</source>
      <translation>База данных недоступна</translation>
    </message>
    <message>
      <source>Database connected</source>
      <translation>База данных подключена</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>База данных</translation>
    </message>
    <message>
      <source>PBX connected</source>
      <translation>АТС подключена</translation>
    </message>
    <message>
      <source>PBX connecting…</source>
      <translation>Подключение к АТС…</translation>
    </message>
    <message>
      <source>PBX login refused</source>
      <translation>АТС отклонила вход</translation>
    </message>
    <message>
      <source>PBX unreachable</source>
      <translation>АТС недоступна</translation>
    </message>
    <message>
      <source>PBX disconnected</source>
      <translation>АТС отключена</translation>
    </message>
    <message>
      <source>Cashier: %1</source>
      <translation>Кассир: %1</translation>
    </message>
    <message>
      <source>Printer: unknown</source>
      <translation>Принтер: состояние неизвестно</translation>
    </message>
    <message numerus="yes">
      <source>(%n waiting)</source>
      <translation>
        <numerusform>(%n чек ждёт печати)</numerusform>
        <numerusform>(%n чека ждут печати)</numerusform>
        <numerusform>(%n чеков ждут печати)</numerusform>
      </translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>Выполняется…</translation>
    </message>
    <message>
      <source>Click to open the print queue</source>
      <translation>Нажмите, чтобы открыть очередь печати</translation>
    </message>
  </context>
  <context>
    <name>StopDialog</name>
    <message>
      <source>Stop %1</source>
      <translation>Остановка: %1</translation>
    </message>
    <message>
      <source>prepaid</source>
      <translation>предоплата</translation>
    </message>
    <message>
      <source>postpaid</source>
      <translation>постоплата</translation>
    </message>
    <message>
      <source>%1 · %2 · started %3</source>
      <translation>%1 · %2 · с %3</translation>
    </message>
    <message>
      <source>⚠ A call is in progress: stopping will hang it up and add it to the bill.</source>
      <translation>⚠ Идёт разговор: остановка кабины прервёт его и добавит в счёт.</translation>
    </message>
    <message>
      <source>&amp;Cash received</source>
      <translation>&amp;Получено наличными</translation>
    </message>
    <message>
      <source>Stop booth</source>
      <translation>Остановить кабину</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Open invoice</source>
      <translation>Открыть счёт</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>Number / item</source>
      <translation>Номер / товар</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Длительность</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Сумма</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Итого</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>Оплачено</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>К оплате</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>Возврат</translation>
    </message>
    <message>
      <source>Short by %1</source>
      <translation>Не хватает %1</translation>
    </message>
    <message>
      <source>Change %1</source>
      <translation>Сдача %1</translation>
    </message>
    <message>
      <source>Not enough cash: %1 is due.</source>
      <translation>Недостаточно наличных: к оплате %1.</translation>
    </message>
    <message>
      <source>Stopping…</source>
      <translation>Остановка…</translation>
    </message>
    <message>
      <source>Booth stopped.</source>
      <translation>Кабина остановлена.</translation>
    </message>
    <message>
      <source>Receipt #%1</source>
      <translation>Чек № %1</translation>
    </message>
    <message>
      <source>Give change: %1</source>
      <translation>Сдача: %1</translation>
    </message>
    <message>
      <source>Refund: %1</source>
      <translation>Вернуть: %1</translation>
    </message>
    <message>
      <source>Total so far</source>
      <translation>Итого пока</translation>
    </message>
    <message>
      <source>Due so far</source>
      <translation>К оплате пока</translation>
    </message>
    <message>
      <source>%1 · in progress</source>
      <translation>%1 · идёт</translation>
    </message>
    <message>
      <source>Still running: priced by the live meter</source>
      <translation>Звонок идёт: сумма по текущему счётчику</translation>
    </message>
  </context>
  <context>
    <name>TopupDialog</name>
    <message>
      <source>Top up %1</source>
      <translation>Пополнение: %1</translation>
    </message>
    <message>
      <source>Balance now</source>
      <translation>Текущий остаток</translation>
    </message>
    <message>
      <source>&amp;Add (%1)</source>
      <translation>&amp;Добавить (%1)</translation>
    </message>
    <message>
      <source>Top up</source>
      <translation>Пополнить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>PrinterSettingsPage</name>
    <message>
      <source>Connection</source>
      <translation>Подключение</translation>
    </message>
    <message>
      <source>/dev/ttyUSB0 or COM3</source>
      <translation>/dev/ttyUSB0 или COM3</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Обновить</translation>
    </message>
    <message>
      <source>Look for serial ports again</source>
      <translation>Заново найти последовательные порты</translation>
    </message>
    <message>
      <source>Serial port:</source>
      <translation>Последовательный порт:</translation>
    </message>
    <message>
      <source>Baud rate:</source>
      <translation>Скорость (бод):</translation>
    </message>
    <message>
      <source>Data bits:</source>
      <translation>Биты данных:</translation>
    </message>
    <message>
      <source>None</source>
      <translation>Нет</translation>
    </message>
    <message>
      <source>Even</source>
      <translation>Чёт</translation>
    </message>
    <message>
      <source>Odd</source>
      <translation>Нечёт</translation>
    </message>
    <message>
      <source>Mark</source>
      <translation>Маркер</translation>
    </message>
    <message>
      <source>Space</source>
      <translation>Пробел</translation>
    </message>
    <message>
      <source>Parity:</source>
      <translation>Чётность:</translation>
    </message>
    <message>
      <source>Stop bits:</source>
      <translation>Стоповые биты:</translation>
    </message>
    <message>
      <source>RTS/CTS (hardware)</source>
      <translation>RTS/CTS (аппаратное)</translation>
    </message>
    <message>
      <source>XON/XOFF (software)</source>
      <translation>XON/XOFF (программное)</translation>
    </message>
    <message>
      <source>Flow control:</source>
      <translation>Управление потоком:</translation>
    </message>
    <message>
      <source> s</source>
      <translation> с</translation>
    </message>
    <message>
      <source>Give up when the printer accepts no data this long</source>
      <translation>Прекратить передачу, если принтер столько времени не принимает данные</translation>
    </message>
    <message>
      <source>Write timeout:</source>
      <translation>Тайм-аут записи:</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>Принтер</translation>
    </message>
    <message>
      <source>Print receipts on this printer</source>
      <translation>Печатать чеки на этом принтере</translation>
    </message>
    <message>
      <source>Name:</source>
      <translation>Название:</translation>
    </message>
    <message>
      <source>{name} — {width} columns, {codec}</source>
      <translation>{name} — ширина {width} симв., {codec}</translation>
    </message>
    <message>
      <source>Profile:</source>
      <translation>Профиль:</translation>
    </message>
    <message>
      <source>as in the profile</source>
      <translation>как в профиле</translation>
    </message>
    <message>
      <source>Code page:</source>
      <translation>Кодовая страница:</translation>
    </message>
    <message>
      <source>The printer's number for the code page (ESC t n); vendors differ</source>
      <translation>Номер кодовой страницы в самом принтере (ESC t n); у разных производителей он разный</translation>
    </message>
    <message>
      <source>ESC t number:</source>
      <translation>Номер ESC t:</translation>
    </message>
    <message>
      <source>Prints with:</source>
      <translation>Печать:</translation>
    </message>
    <message>
      <source>Receipts</source>
      <translation>Чеки</translation>
    </message>
    <message>
      <source>Print a receipt after each call</source>
      <translation>Печатать чек после каждого звонка</translation>
    </message>
    <message>
      <source>Print a receipt when a booth is closed</source>
      <translation>Печатать чек при закрытии кабины</translation>
    </message>
    <message>
      <source>Open the cash drawer with each receipt</source>
      <translation>Открывать денежный ящик при каждом чеке</translation>
    </message>
    <message>
      <source>Copies:</source>
      <translation>Копий:</translation>
    </message>
    <message>
      <source>Receipt language:</source>
      <translation>Язык чека:</translation>
    </message>
    <message>
      <source>Check the printer</source>
      <translation>Проверка принтера</translation>
    </message>
    <message>
      <source>Check status</source>
      <translation>Проверить состояние</translation>
    </message>
    <message>
      <source>Test print</source>
      <translation>Пробная печать</translation>
    </message>
    <message>
      <source>Enter the baud rate as a number, e.g. 9600</source>
      <translation>Введите скорость числом, например 9600</translation>
    </message>
    <message>
      <source>Choose the serial port of the printer</source>
      <translation>Выберите последовательный порт принтера</translation>
    </message>
    <message>
      <source>{rate} is not a baud rate a serial port supports</source>
      <translation>Скорость {rate} не поддерживается последовательным портом</translation>
    </message>
    <message>
      <source>Give the printer a name</source>
      <translation>Задайте название принтера</translation>
    </message>
    <message>
      <source>{codec} is not a code page this computer knows</source>
      <translation>Кодовая страница {codec} неизвестна этому компьютеру</translation>
    </message>
    <message>
      <source>{codec} is not a single-byte code page that keeps ASCII</source>
      <translation>{codec} не подходит: нужна однобайтовая кодовая страница, совместимая с ASCII</translation>
    </message>
    <message>
      <source>Set the printer's ESC t number for this code page</source>
      <translation>Укажите номер ESC t этой кодовой страницы в принтере</translation>
    </message>
    <message>
      <source>{width} columns, code page {codec}, ESC t {number}</source>
      <translation>ширина {width} симв., кодовая страница {codec}, ESC t {number}</translation>
    </message>
    <message>
      <source>Serial port</source>
      <translation>Последовательный порт</translation>
    </message>
    <message>
      <source>No serial ports found; you can type a port name</source>
      <translation>Последовательные порты не найдены; имя порта можно ввести вручную</translation>
    </message>
    <message>
      <source>{count} serial port(s) found</source>
      <translation>Найдено последовательных портов: {count}</translation>
    </message>
    <message>
      <source>Correct the settings marked in red first</source>
      <translation>Сначала исправьте настройки, отмеченные красным</translation>
    </message>
    <message>
      <source>Asking the printer…</source>
      <translation>Опрашиваем принтер…</translation>
    </message>
    <message>
      <source>Printing test page…</source>
      <translation>Печатаем пробную страницу…</translation>
    </message>
    <message>
      <source>Printer check failed: {detail}</source>
      <translation>Проверка принтера не удалась: {detail}</translation>
    </message>
    <message>
      <source>Printed test page</source>
      <translation>Пробная страница напечатана</translation>
    </message>
    <message>
      <source>paper near end</source>
      <translation>бумага заканчивается</translation>
    </message>
    <message>
      <source>This printer profile cannot report its status</source>
      <translation>Принтер с этим профилем не сообщает своё состояние</translation>
    </message>
    <message>
      <source>{state} on {port}</source>
      <translation>{state} — порт {port}</translation>
    </message>
    <message>
      <source>{state}: {detail}</source>
      <translation>{state}: {detail}</translation>
    </message>
  </context>
  <context>
    <name>PrinterSettingsDialog</name>
    <message>
      <source>Receipt printer</source>
      <translation>Чековый принтер</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Сохранить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Correct the settings marked in red.</source>
      <translation>Исправьте настройки, отмеченные красным.</translation>
    </message>
    <message>
      <source>Could not save: %1</source>
      <translation>Не удалось сохранить: %1</translation>
    </message>
  </context>
  <context>
    <name>Refusal</name>
    <message>
      <source>Shop's credit with the operator used up</source>
      <translation>Кредит магазина у оператора исчерпан</translation>
    </message>
    <message>
      <source>Database unreachable</source>
      <translation>База данных недоступна</translation>
    </message>
    <message>
      <source>Not enough money left</source>
      <translation>Не хватает денег</translation>
    </message>
    <message>
      <source>Destination not allowed</source>
      <translation>Направление запрещено</translation>
    </message>
    <message>
      <source>No price for this number</source>
      <translation>Нет тарифа на этот номер</translation>
    </message>
    <message>
      <source>Booth not started</source>
      <translation>Кабина не запущена</translation>
    </message>
    <message>
      <source>Booth out of order</source>
      <translation>Кабина не работает</translation>
    </message>
    <message>
      <source>Number not valid</source>
      <translation>Неверный номер</translation>
    </message>
    <message>
      <source>No line to this destination</source>
      <translation>Нет линии на это направление</translation>
    </message>
    <message>
      <source>Counter answered too late</source>
      <translation>Касса ответила слишком поздно</translation>
    </message>
    <message>
      <source>Refused (%1)</source>
      <translation>Отказ (%1)</translation>
    </message>
  </context>
  <context>
    <name>DemoBanner</name>
    <message numerus="yes">
      <source>Demo shop — making %n day(s) of past traffic for the reports; the booths start when it is done…</source>
      <translation>
        <numerusform>Демо-магазин — создаём прошлые звонки за %n день для отчётов; кабины включатся, когда всё будет готово…</numerusform>
        <numerusform>Демо-магазин — создаём прошлые звонки за %n дня для отчётов; кабины включатся, когда всё будет готово…</numerusform>
        <numerusform>Демо-магазин — создаём прошлые звонки за %n дней для отчётов; кабины включатся, когда всё будет готово…</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>day %1 of %2, %n call(s) so far</source>
      <translation>
        <numerusform>день %1 из %2, уже %n звонок</numerusform>
        <numerusform>день %1 из %2, уже %n звонка</numerusform>
        <numerusform>день %1 из %2, уже %n звонков</numerusform>
      </translation>
    </message>
    <message>
      <source>Demo shop — simulated booths, no real calls or money.</source>
      <translation>Демо-магазин — кабины имитируются, звонков и денег нет.</translation>
    </message>
    <message>
      <source>Set up the real shop…</source>
      <translation>Настроить настоящий магазин…</translation>
    </message>
    <message>
      <source>1. Write your shop's set-up file (start from resources/sample/demo.toml) and apply it:</source>
      <translation>1. Составьте файл настройки магазина (за основу возьмите resources/sample/demo.toml) и примените его:</translation>
    </message>
    <message>
      <source>2. Export the Asterisk configuration and install it on the PBX:</source>
      <translation>2. Выгрузите конфигурацию Asterisk и установите её на АТС:</translation>
    </message>
    <message>
      <source>3. Put the PBX address in the [shop] table and apply the file again:</source>
      <translation>3. Укажите адрес АТС в таблице [shop] и примените файл ещё раз:</translation>
    </message>
    <message>
      <source>Then scripts/run opens the real shop instead of this demo.</source>
      <translation>После этого scripts/run откроет настоящий магазин вместо демо.</translation>
    </message>
    <message>
      <source>Set up the real shop</source>
      <translation>Настройка настоящего магазина</translation>
    </message>
    <message>
      <source>This is the demo shop: its booths and calls are simulated and it keeps its own database.</source>
      <translation>Это демо-магазин: кабины и звонки имитируются, у него своя база данных.</translation>
    </message>
    <message>
      <source>Open the README</source>
      <translation>Открыть README</translation>
    </message>
  </context>
  <context>
    <name>BoothPage</name>
    <message>
      <source>Generate</source>
      <translation>Создать</translation>
    </message>
  </context>
  <context>
    <name>EntriesEditor</name>
    <message>
      <source>Add entry</source>
      <translation>Добавить строку</translation>
    </message>
    <message>
      <source>First tried first: drag, or Alt+Up / Alt+Down to reorder.</source>
      <translation>Первая пробуется первой: порядок меняется перетаскиванием или Alt+Вверх / Alt+Вниз.</translation>
    </message>
    <message>
      <source>Remove entry</source>
      <translation>Убрать строку</translation>
    </message>
  </context>
  <context>
    <name>FormPage</name>
    <message>
      <source>Save</source>
      <translation>Сохранить</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Сохранено.</translation>
    </message>
  </context>
  <context>
    <name>ObjectForm</name>
    <message>
      <source>Choose one.</source>
      <translation>Выберите значение.</translation>
    </message>
  </context>
  <context>
    <name>ObjectPage</name>
    <message>
      <source>Add</source>
      <translation>Добавить</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Удалить</translation>
    </message>
    <message>
      <source>Delete %1?</source>
      <translation>Удалить «%1»?</translation>
    </message>
    <message>
      <source>Deleted.</source>
      <translation>Удалено.</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Изменить</translation>
    </message>
    <message>
      <source>Edit: %1</source>
      <translation>Изменение: %1</translation>
    </message>
    <message>
      <source>New</source>
      <translation>Новый объект</translation>
    </message>
    <message>
      <source>Search…</source>
      <translation>Поиск…</translation>
    </message>
  </context>
  <context>
    <name>PbxPage</name>
    <message>
      <source>AMI secret</source>
      <translation>Пароль AMI</translation>
    </message>
    <message>
      <source>AMI user</source>
      <translation>Пользователь AMI</translation>
    </message>
    <message>
      <source>All good.</source>
      <translation>Всё в порядке.</translation>
    </message>
    <message>
      <source>Export Asterisk kit to a folder…</source>
      <translation>Выгрузить набор Asterisk в папку…</translation>
    </message>
    <message>
      <source>Export the Asterisk kit to</source>
      <translation>Куда выгрузить набор Asterisk</translation>
    </message>
    <message>
      <source>Give the PBX host, or leave all fields empty for the simulator.</source>
      <translation>Укажите адрес АТС или оставьте все поля пустыми для симулятора.</translation>
    </message>
    <message>
      <source>Host</source>
      <translation>Адрес</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>Порт</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Сохранить</translation>
    </message>
    <message>
      <source>Saved. The counter uses it from its next start.</source>
      <translation>Сохранено. Касса использует это со следующего запуска.</translation>
    </message>
    <message>
      <source>Something is wrong:</source>
      <translation>Есть проблемы:</translation>
    </message>
    <message>
      <source>Test</source>
      <translation>Проверить</translation>
    </message>
    <message>
      <source>Testing…</source>
      <translation>Проверка…</translation>
    </message>
    <message>
      <source>Written:</source>
      <translation>Записано:</translation>
    </message>
    <message>
      <source>empty: the built-in simulator</source>
      <translation>пусто: встроенный симулятор</translation>
    </message>
  </context>
  <context>
    <name>PriceListPage</name>
    <message>
      <source>Rates of %1…</source>
      <translation>Цены тарифа %1…</translation>
    </message>
    <message>
      <source>Routes of %1…</source>
      <translation>Маршруты набора %1…</translation>
    </message>
    <message>
      <source>Save it first; then its prices can be edited.</source>
      <translation>Сначала сохраните; затем можно будет править цены.</translation>
    </message>
  </context>
  <context>
    <name>PrinterHolder</name>
    <message>
      <source>Save</source>
      <translation>Сохранить</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Сохранено.</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Настройки</translation>
    </message>
  </context>
  <context>
    <name>SettingsWords</name>
    <message>
      <source>Active</source>
      <translation>Активен</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Адрес</translation>
    </message>
    <message>
      <source>Always round up</source>
      <translation>Всегда округлять вверх</translation>
    </message>
    <message>
      <source>Average call duration (s)</source>
      <translation>Средняя длительность звонка (с)</translation>
    </message>
    <message>
      <source>Balance</source>
      <translation>Баланс</translation>
    </message>
    <message>
      <source>Billing cycle</source>
      <translation>Расчётный период</translation>
    </message>
    <message>
      <source>Billing type</source>
      <translation>Тип оплаты</translation>
    </message>
    <message>
      <source>Booths</source>
      <translation>Кабины</translation>
    </message>
    <message>
      <source>Callshop customer</source>
      <translation>Клиент-переговорный пункт</translation>
    </message>
    <message>
      <source>Callshop enabled</source>
      <translation>Переговорный пункт включён</translation>
    </message>
    <message>
      <source>Carrier knows the PBX by</source>
      <translation>Оператор узнаёт АТС по</translation>
    </message>
    <message>
      <source>Cash rounding (smallest coin)</source>
      <translation>Округление наличных (мелкая монета)</translation>
    </message>
    <message>
      <source>Connect fee</source>
      <translation>Плата за соединение</translation>
    </message>
    <message>
      <source>Connections</source>
      <translation>Подключения</translation>
    </message>
    <message>
      <source>Country code</source>
      <translation>Код страны</translation>
    </message>
    <message>
      <source>Credit limit</source>
      <translation>Кредитный лимит</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Валюта</translation>
    </message>
    <message>
      <source>Decimals of a cost</source>
      <translation>Знаков после запятой в стоимости</translation>
    </message>
    <message>
      <source>Default credit limit</source>
      <translation>Кредитный лимит по умолчанию</translation>
    </message>
    <message>
      <source>Default prepaid amount</source>
      <translation>Предоплата по умолчанию</translation>
    </message>
    <message>
      <source>Destination host (IP[:port])</source>
      <translation>Адрес назначения (IP[:порт])</translation>
    </message>
    <message>
      <source>Destination sets</source>
      <translation>Наборы направлений</translation>
    </message>
    <message>
      <source>Dial target</source>
      <translation>Строка набора (Dial)</translation>
    </message>
    <message>
      <source>Fixed preference</source>
      <translation>Фиксированный приоритет</translation>
    </message>
    <message>
      <source>Free seconds</source>
      <translation>Бесплатные секунды</translation>
    </message>
    <message>
      <source>Grace period (s)</source>
      <translation>Льготный период (с)</translation>
    </message>
    <message>
      <source>IP and registration</source>
      <translation>IP-адресу и регистрации</translation>
    </message>
    <message>
      <source>International access codes</source>
      <translation>Коды международного выхода</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Вид</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Язык</translation>
    </message>
    <message>
      <source>Longest call (s)</source>
      <translation>Самый длинный звонок (с)</translation>
    </message>
    <message>
      <source>Lowest cost first</source>
      <translation>Сначала самый дешёвый</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Название</translation>
    </message>
    <message>
      <source>National prefix</source>
      <translation>Префикс внутри страны</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Заметки</translation>
    </message>
    <message>
      <source>On billing failure</source>
      <translation>При ошибке тарификации</translation>
    </message>
    <message>
      <source>On-net routing (booth to booth)</source>
      <translation>Звонки внутри сети (кабина–кабина)</translation>
    </message>
    <message>
      <source>Out of order</source>
      <translation>Не работает</translation>
    </message>
    <message>
      <source>PBX address</source>
      <translation>Адрес АТС</translation>
    </message>
    <message>
      <source>PBX connection</source>
      <translation>Подключение к АТС</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Пароль</translation>
    </message>
    <message>
      <source>Position on the board</source>
      <translation>Место на табло</translation>
    </message>
    <message>
      <source>Postpaid</source>
      <translation>Постоплата</translation>
    </message>
    <message>
      <source>Postpaid credit limit</source>
      <translation>Кредитный лимит постоплаты</translation>
    </message>
    <message>
      <source>Preferences</source>
      <translation>Параметры</translation>
    </message>
    <message>
      <source>Prepaid</source>
      <translation>Предоплата</translation>
    </message>
    <message>
      <source>Prices include tax</source>
      <translation>Цены включают налог</translation>
    </message>
    <message>
      <source>Print a receipt per call</source>
      <translation>Печатать чек на каждый звонок</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>Принтер</translation>
    </message>
    <message>
      <source>Receipt footer</source>
      <translation>Текст внизу чека</translation>
    </message>
    <message>
      <source>Retail</source>
      <translation>Розничный</translation>
    </message>
    <message>
      <source>Routing entries</source>
      <translation>Строки маршрутизации</translation>
    </message>
    <message>
      <source>Routing group</source>
      <translation>Группа маршрутизации</translation>
    </message>
    <message>
      <source>Routing groups</source>
      <translation>Группы маршрутизации</translation>
    </message>
    <message>
      <source>Routing policy</source>
      <translation>Политика маршрутизации</translation>
    </message>
    <message>
      <source>Service plan</source>
      <translation>Тарифный план</translation>
    </message>
    <message>
      <source>Service plans</source>
      <translation>Тарифные планы</translation>
    </message>
    <message>
      <source>Shop details</source>
      <translation>Данные магазина</translation>
    </message>
    <message>
      <source>Start mode</source>
      <translation>Режим старта</translation>
    </message>
    <message>
      <source>Start resets the balance</source>
      <translation>Старт обнуляет баланс</translation>
    </message>
    <message>
      <source>Start unlocks the booth</source>
      <translation>Старт разблокирует кабину</translation>
    </message>
    <message>
      <source>Stop hangs up a live call</source>
      <translation>Стоп прерывает идущий звонок</translation>
    </message>
    <message>
      <source>Stop locks the booth</source>
      <translation>Стоп блокирует кабину</translation>
    </message>
    <message>
      <source>Stop opens the invoice</source>
      <translation>Стоп открывает счёт</translation>
    </message>
    <message>
      <source>Stop prints the receipt</source>
      <translation>Стоп печатает чек</translation>
    </message>
    <message>
      <source>Stop refunds the unused balance</source>
      <translation>Стоп возвращает неиспользованный остаток</translation>
    </message>
    <message>
      <source>Surcharge (0.18 = +18 %)</source>
      <translation>Надбавка (0.18 = +18 %)</translation>
    </message>
    <message>
      <source>Tariff</source>
      <translation>Тариф</translation>
    </message>
    <message>
      <source>Tariffs</source>
      <translation>Тарифы</translation>
    </message>
    <message>
      <source>Tax id</source>
      <translation>ИНН</translation>
    </message>
    <message>
      <source>Tax label</source>
      <translation>Название налога</translation>
    </message>
    <message>
      <source>Tax rate (0.19 = 19 %)</source>
      <translation>Ставка налога (0.19 = 19 %)</translation>
    </message>
    <message>
      <source>Username</source>
      <translation>Имя пользователя</translation>
    </message>
    <message>
      <source>Vendor</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <source>Vendors</source>
      <translation>Поставщики</translation>
    </message>
    <message>
      <source>VoIP login</source>
      <translation>Логин VoIP</translation>
    </message>
    <message>
      <source>VoIP password</source>
      <translation>Пароль VoIP</translation>
    </message>
    <message>
      <source>Wholesale</source>
      <translation>Оптовый</translation>
    </message>
    <message>
      <source>its IP address</source>
      <translation>IP-адресу</translation>
    </message>
    <message>
      <source>registration</source>
      <translation>регистрации</translation>
    </message>
    <message>
      <source>— none —</source>
      <translation>— нет —</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>Журнал изменений</translation>
    </message>
    <message>
      <source>Users</source>
      <translation>Пользователи</translation>
    </message>
    <message>
      <source>Lock the counter after idle minutes (0: never)</source>
      <translation>Блокировать кассу после минут простоя (0: никогда)</translation>
    </message>
    <message>
      <source>Refuse calls past the shop's credit limit</source>
      <translation>Не пропускать звонки сверх кредита магазина</translation>
    </message>
  </context>
  <context>
    <name>VendorPage</name>
    <message>
      <source>Open connections</source>
      <translation>Открыть подключения</translation>
    </message>
  </context>
  <context>
    <name>PriceTable</name>
    <message>
      <source>Prefix</source>
      <translation>Префикс</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>First minute</source>
      <translation>Первая минута</translation>
    </message>
    <message>
      <source>Next minutes</source>
      <translation>Следующие минуты</translation>
    </message>
    <message>
      <source>First interval, s</source>
      <translation>Первый интервал, с</translation>
    </message>
    <message>
      <source>Next interval, s</source>
      <translation>Следующий интервал, с</translation>
    </message>
    <message>
      <source>Forbidden</source>
      <translation>Запрещено</translation>
    </message>
    <message>
      <source>Grace</source>
      <translation>Льгота</translation>
    </message>
    <message>
      <source>Active from</source>
      <translation>Действует с</translation>
    </message>
    <message>
      <source>Expires</source>
      <translation>Истекает</translation>
    </message>
    <message>
      <source>Add a price</source>
      <translation>Добавить цену</translation>
    </message>
    <message>
      <source>as the first minute</source>
      <translation>как первая минута</translation>
    </message>
    <message>
      <source>now (YYYY-MM-DD)</source>
      <translation>сейчас (ГГГГ-ММ-ДД)</translation>
    </message>
    <message>
      <source>Change prices</source>
      <translation>Изменить цены</translation>
    </message>
    <message>
      <source>By a percentage (10 = +10 %, -5 = -5 %)</source>
      <translation>На процент (10 = +10 %, -5 = -5 %)</translation>
    </message>
    <message>
      <source>By an amount per minute (0.01, -0.005)</source>
      <translation>На сумму за минуту (0,01, -0,005)</translation>
    </message>
    <message>
      <source>Applies to the rows shown</source>
      <translation>Для показанных строк</translation>
    </message>
    <message>
      <source>filter: %1</source>
      <translation>фильтр: %1</translation>
    </message>
    <message>
      <source>Change:</source>
      <translation>Изменение:</translation>
    </message>
    <message>
      <source>Both prices of each row; rounded to the price list's decimals.</source>
      <translation>Обе цены каждой строки; округление до знаков прайс-листа.</translation>
    </message>
    <message>
      <source>Import refused</source>
      <translation>Импорт отклонён</translation>
    </message>
    <message>
      <source>%1 was not imported: fix these lines and import it again. Nothing changed.</source>
      <translation>%1 не импортирован: исправьте эти строки и импортируйте снова. Ничего не изменено.</translation>
    </message>
    <message>
      <source>Filter: prefix digits or area name</source>
      <translation>Фильтр: цифры префикса или название направления</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>Добавить…</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Удалить</translation>
    </message>
    <message>
      <source>Change prices…</source>
      <translation>Изменить цены…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>Импорт…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Экспорт…</translation>
    </message>
    <message>
      <source>Cancel import</source>
      <translation>Отменить импорт</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Не сохранено: %1</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Сохранено.</translation>
    </message>
    <message>
      <source>Added prefix %1.</source>
      <translation>Префикс %1 добавлен.</translation>
    </message>
    <message>
      <source>Select the rows to delete first.</source>
      <translation>Сначала выберите строки для удаления.</translation>
    </message>
    <message>
      <source>Import a rate deck</source>
      <translation>Импорт файла тарифов</translation>
    </message>
    <message>
      <source>Rate decks (*.csv *.txt);;All files (*)</source>
      <translation>Файлы тарифов (*.csv *.txt);;Все файлы (*)</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Отмена…</translation>
    </message>
    <message>
      <source>Reading the file…</source>
      <translation>Чтение файла…</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Сохранение…</translation>
    </message>
    <message>
      <source>Import cancelled: nothing changed.</source>
      <translation>Импорт отменён: ничего не изменено.</translation>
    </message>
    <message>
      <source>Import refused: nothing changed.</source>
      <translation>Импорт отклонён: ничего не изменено.</translation>
    </message>
    <message>
      <source>Imported %1: %2 added, %3 updated, %4 removed, %5 in total.</source>
      <translation>Импортирован %1: добавлено %2, изменено %3, удалено %4, всего %5.</translation>
    </message>
    <message>
      <source>Export the prices</source>
      <translation>Экспорт цен</translation>
    </message>
    <message>
      <source>Rate decks (*.csv)</source>
      <translation>Файлы тарифов (*.csv)</translation>
    </message>
    <message numerus="yes">
      <source>Applies to the %n row(s) shown</source>
      <translation>
        <numerusform>Для %n показанной строки</numerusform>
        <numerusform>Для %n показанных строк</numerusform>
        <numerusform>Для %n показанных строк</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n row(s)</source>
      <translation>
        <numerusform>%n строка</numerusform>
        <numerusform>%n строки</numerusform>
        <numerusform>%n строк</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Delete %n row(s)?</source>
      <translation>
        <numerusform>Удалить %n строку?</numerusform>
        <numerusform>Удалить %n строки?</numerusform>
        <numerusform>Удалить %n строк?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Deleted %n row(s).</source>
      <translation>
        <numerusform>Удалена %n строка.</numerusform>
        <numerusform>Удалено %n строки.</numerusform>
        <numerusform>Удалено %n строк.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Prices changed on %n row(s).</source>
      <translation>
        <numerusform>Цены изменены в %n строке.</numerusform>
        <numerusform>Цены изменены в %n строках.</numerusform>
        <numerusform>Цены изменены в %n строках.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Exported %n row(s) to %1.</source>
      <translation>
        <numerusform>Экспортирована %n строка в %1.</numerusform>
        <numerusform>Экспортировано %n строки в %1.</numerusform>
        <numerusform>Экспортировано %n строк в %1.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>AuditWords</name>
    <message>
      <source>Created</source>
      <translation>Создано</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>Изменено</translation>
    </message>
    <message>
      <source>Deleted</source>
      <translation>Удалено</translation>
    </message>
    <message>
      <source>Set-up file applied</source>
      <translation>Применён файл настройки</translation>
    </message>
    <message>
      <source>Tariff created</source>
      <translation>Тариф создан</translation>
    </message>
    <message>
      <source>Rates imported</source>
      <translation>Цены загружены</translation>
    </message>
    <message>
      <source>Routes imported</source>
      <translation>Маршруты загружены</translation>
    </message>
    <message>
      <source>Rate changed</source>
      <translation>Цена изменена</translation>
    </message>
    <message>
      <source>Rate added</source>
      <translation>Цена добавлена</translation>
    </message>
    <message>
      <source>Rates deleted</source>
      <translation>Цены удалены</translation>
    </message>
    <message>
      <source>Rates changed in bulk</source>
      <translation>Цены изменены пакетом</translation>
    </message>
    <message>
      <source>Route changed</source>
      <translation>Маршрут изменён</translation>
    </message>
    <message>
      <source>Route added</source>
      <translation>Маршрут добавлен</translation>
    </message>
    <message>
      <source>Routes deleted</source>
      <translation>Маршруты удалены</translation>
    </message>
    <message>
      <source>Routes changed in bulk</source>
      <translation>Маршруты изменены пакетом</translation>
    </message>
    <message>
      <source>Booth started</source>
      <translation>Кабина запущена</translation>
    </message>
    <message>
      <source>Top-up</source>
      <translation>Пополнение</translation>
    </message>
    <message>
      <source>Item sold</source>
      <translation>Продан товар</translation>
    </message>
    <message>
      <source>Booth stopped</source>
      <translation>Кабина остановлена</translation>
    </message>
    <message>
      <source>Receipt reprinted</source>
      <translation>Чек напечатан повторно</translation>
    </message>
    <message>
      <source>Printer settings</source>
      <translation>Настройки принтера</translation>
    </message>
    <message>
      <source>Language changed</source>
      <translation>Язык изменён</translation>
    </message>
    <message>
      <source>User created</source>
      <translation>Пользователь создан</translation>
    </message>
    <message>
      <source>PIN changed</source>
      <translation>PIN изменён</translation>
    </message>
    <message>
      <source>User disabled</source>
      <translation>Пользователь отключён</translation>
    </message>
    <message>
      <source>Logged in</source>
      <translation>Вход</translation>
    </message>
    <message>
      <source>Wrong PIN</source>
      <translation>Неверный PIN</translation>
    </message>
    <message>
      <source>Log-in locked</source>
      <translation>Вход заблокирован</translation>
    </message>
    <message>
      <source>Booth session</source>
      <translation>Сеанс кабины</translation>
    </message>
    <message>
      <source>Tariff</source>
      <translation>Тариф</translation>
    </message>
    <message>
      <source>Destination set</source>
      <translation>Набор направлений</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Чек</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Пользователь</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Режим</translation>
    </message>
    <message>
      <source>Prepaid</source>
      <translation>Предоплата</translation>
    </message>
    <message>
      <source>Credit limit</source>
      <translation>Кредитный лимит</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Сумма</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>Товар</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Итого</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>Оплачено</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>Сдача</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>Возврат</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>Номер</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Кассир</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>Порт</translation>
    </message>
    <message>
      <source>Printer profile</source>
      <translation>Профиль принтера</translation>
    </message>
    <message>
      <source>Enabled</source>
      <translation>Включено</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Файл</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>Изменено</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>Добавлено</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>Удалено</translation>
    </message>
    <message>
      <source>Prefix</source>
      <translation>Префикс</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Роль</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>да</translation>
    </message>
    <message>
      <source>no</source>
      <translation>нет</translation>
    </message>
  </context>
  <context>
    <name>AuditTableModel</name>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Пользователь</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Действие</translation>
    </message>
    <message>
      <source>Object</source>
      <translation>Объект</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Подробности</translation>
    </message>
  </context>
  <context>
    <name>AuditPage</name>
    <message>
      <source>All time</source>
      <translation>За всё время</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>Сегодня</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>Вчера</translation>
    </message>
    <message>
      <source>This week</source>
      <translation>Эта неделя</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>Этот месяц</translation>
    </message>
    <message>
      <source>From … to …</source>
      <translation>С … по …</translation>
    </message>
    <message>
      <source>Search…</source>
      <translation>Поиск…</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>Период</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Пользователь</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Действие</translation>
    </message>
    <message>
      <source>All</source>
      <translation>Все</translation>
    </message>
    <message>
      <source>Rows shown: %1</source>
      <translation>Показано строк: %1</translation>
    </message>
    <message>
      <source>Rows shown: %1 (scroll down for older ones)</source>
      <translation>Показано строк: %1 (прокрутите вниз, чтобы увидеть более ранние)</translation>
    </message>
  </context>
  <context>
    <name>FirstOwnerDialog</name>
    <message>
      <source>A PIN has %1 to %2 characters.</source>
      <translation>PIN содержит от %1 до %2 символов.</translation>
    </message>
    <message>
      <source>Callshop POS — the owner</source>
      <translation>Callshop POS — владелец</translation>
    </message>
    <message>
      <source>Create the owner</source>
      <translation>Создать владельца</translation>
    </message>
    <message>
      <source>Owner's name</source>
      <translation>Имя владельца</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>PIN again</source>
      <translation>PIN ещё раз</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Выход</translation>
    </message>
    <message>
      <source>The two PINs differ.</source>
      <translation>PIN-коды не совпадают.</translation>
    </message>
    <message>
      <source>Type the owner's name.</source>
      <translation>Введите имя владельца.</translation>
    </message>
    <message>
      <source>Welcome. Who owns this shop? The owner's PIN opens the settings and the prices; cashiers are added later.</source>
      <translation>Добро пожаловать. Кто владелец этого переговорного пункта? PIN владельца открывает настройки и цены; кассиров можно добавить позже.</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>%1 (owner)</source>
      <translation>%1 (владелец)</translation>
    </message>
    <message>
      <source>Callshop POS — log in</source>
      <translation>Callshop POS — вход</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Войти</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Выход</translation>
    </message>
    <message>
      <source>This user cannot log in.</source>
      <translation>Этот пользователь не может войти.</translation>
    </message>
    <message>
      <source>Too many wrong PINs: try again in %1 s.</source>
      <translation>Слишком много неверных PIN: попробуйте снова через %1 с.</translation>
    </message>
    <message>
      <source>Who is at the counter?</source>
      <translation>Кто за кассой?</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>Неверный PIN.</translation>
    </message>
    <message>
      <source>Wrong PIN. %1 more tries before a wait.</source>
      <translation>Неверный PIN. Попыток до ожидания: %1.</translation>
    </message>
  </context>
  <context>
    <name>SessionGuard</name>
    <message>
      <source>Demo shop: %1</source>
      <translation>Демо: %1</translation>
    </message>
    <message>
      <source>The counter is locked</source>
      <translation>Касса заблокирована</translation>
    </message>
    <message>
      <source>This needs the owner's PIN</source>
      <translation>Нужен PIN владельца</translation>
    </message>
  </context>
  <context>
    <name>SetupWizard</name>
    <message>
      <source>Set-up assistant</source>
      <translation>Мастер настройки</translation>
    </message>
    <message>
      <source>Skip this step</source>
      <translation>Пропустить шаг</translation>
    </message>
    <message>
      <source>Save and next</source>
      <translation>Сохранить и далее</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Назад</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>Готово</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Сохранение…</translation>
    </message>
    <message>
      <source>Your shop</source>
      <translation>Ваш магазин</translation>
    </message>
    <message>
      <source>The name and address on the receipts, and the currency of your prices.</source>
      <translation>Название и адрес на чеках и валюта ваших цен.</translation>
    </message>
    <message>
      <source>Correct the fields marked in red, or skip this step.</source>
      <translation>Исправьте поля, отмеченные красным, или пропустите этот шаг.</translation>
    </message>
    <message>
      <source>The owner</source>
      <translation>Владелец</translation>
    </message>
    <message>
      <source>The owner's PIN opens the settings and changes the prices.</source>
      <translation>PIN-код владельца открывает настройки и меняет цены.</translation>
    </message>
    <message>
      <source>Nobody can log in yet: who owns this shop?</source>
      <translation>Войти пока никто не может: кто владелец магазина?</translation>
    </message>
    <message>
      <source>The owner is set: %1. Add cashiers in Settings ▸ Users.</source>
      <translation>Владелец задан: %1. Кассиров добавьте в Настройки ▸ Пользователи.</translation>
    </message>
    <message>
      <source>Your prices</source>
      <translation>Ваши цены</translation>
    </message>
    <message>
      <source>A tariff: the price per minute of every destination.</source>
      <translation>Тариф: цена минуты для каждого направления.</translation>
    </message>
    <message>
      <source>The bundled sample prices (about 300 destinations)</source>
      <translation>Прилагаемые образцы цен (около 300 направлений)</translation>
    </message>
    <message>
      <source>A rate file (CSV)</source>
      <translation>Файл тарифов (CSV)</translation>
    </message>
    <message>
      <source>the rate file</source>
      <translation>файл тарифов</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>Выбрать…</translation>
    </message>
    <message>
      <source>Tariff name</source>
      <translation>Название тарифа</translation>
    </message>
    <message>
      <source>A prepaid service plan “%1” on this tariff is made for the booths.</source>
      <translation>Для кабин создаётся предоплатный тарифный план «%1» на этом тарифе.</translation>
    </message>
    <message>
      <source>The rate file</source>
      <translation>Файл тарифов</translation>
    </message>
    <message>
      <source>Rate decks (*.csv)</source>
      <translation>Файлы тарифов (*.csv)</translation>
    </message>
    <message>
      <source>Choose the rate file, or take the sample prices.</source>
      <translation>Выберите файл тарифов или возьмите образцы цен.</translation>
    </message>
    <message>
      <source>Importing the prices…</source>
      <translation>Импорт цен…</translation>
    </message>
    <message>
      <source>The prices were not imported (see above): fix the file and save again.</source>
      <translation>Цены не импортированы (см. выше): исправьте файл и сохраните снова.</translation>
    </message>
    <message>
      <source>Your booths</source>
      <translation>Ваши кабины</translation>
    </message>
    <message>
      <source>One line per booth phone: its name on the board and its VoIP login.</source>
      <translation>Одна строка на телефон кабины: её имя на табло и VoIP-логин.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Имя</translation>
    </message>
    <message>
      <source>VoIP login</source>
      <translation>VoIP-логин</translation>
    </message>
    <message>
      <source>VoIP password</source>
      <translation>VoIP-пароль</translation>
    </message>
    <message>
      <source>How many booths</source>
      <translation>Сколько кабин</translation>
    </message>
    <message>
      <source>Service plan</source>
      <translation>Тарифный план</translation>
    </message>
    <message>
      <source>A booth needs a tariff: go back to add one, or skip.</source>
      <translation>Кабине нужен тариф: вернитесь и добавьте его или пропустите шаг.</translation>
    </message>
    <message>
      <source>Your PBX</source>
      <translation>Ваша АТС</translation>
    </message>
    <message>
      <source>Where Asterisk is. Leave it empty for the built-in simulator; Test checks it.</source>
      <translation>Где находится Asterisk. Оставьте пустым для встроенного симулятора; «Проверить» проверяет связь.</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>Готово</translation>
    </message>
    <message>
      <source>The board shows your booths. Everything here can be changed later in Shop ▸ Settings (Shop details, Users, Tariffs, Booths, PBX connection), and this assistant opens again from Shop ▸ Set-up assistant…</source>
      <translation>Табло показывает ваши кабины. Всё это можно изменить позже в Магазин ▸ Настройки (Данные магазина, Пользователи, Тарифы, Кабины, Подключение к АТС), а этот мастер снова открывается из Магазин ▸ Мастер настройки…</translation>
    </message>
  </context>
  <context>
    <name>UsersPage</name>
    <message>
      <source>Owner</source>
      <translation>Владелец</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Кассир</translation>
    </message>
    <message>
      <source>Type a name (up to 60 characters, no control characters).</source>
      <translation>Введите имя (до 60 символов, без управляющих символов).</translation>
    </message>
    <message>
      <source>A PIN has %1 to %2 characters.</source>
      <translation>PIN-код содержит от %1 до %2 символов.</translation>
    </message>
    <message>
      <source>A PIN has no spaces at its ends and no control characters.</source>
      <translation>В PIN-коде нет пробелов по краям и управляющих символов.</translation>
    </message>
    <message>
      <source>The two PINs differ.</source>
      <translation>PIN-коды не совпадают.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Имя</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Роль</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN-код</translation>
    </message>
    <message>
      <source>PIN again</source>
      <translation>PIN-код ещё раз</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Активен</translation>
    </message>
    <message>
      <source>Add user</source>
      <translation>Добавить пользователя</translation>
    </message>
    <message>
      <source>Set this PIN for the selected user</source>
      <translation>Задать этот PIN-код выбранному</translation>
    </message>
    <message>
      <source>Deactivate the selected user</source>
      <translation>Отключить выбранного</translation>
    </message>
    <message>
      <source>To change a PIN: select the user, type the new PIN twice, then set it.</source>
      <translation>Чтобы сменить PIN-код: выберите пользователя, введите новый PIN-код дважды и задайте его.</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>да</translation>
    </message>
    <message>
      <source>no</source>
      <translation>нет</translation>
    </message>
    <message>
      <source>%1 added.</source>
      <translation>%1 добавлен(а).</translation>
    </message>
    <message>
      <source>The PIN of %1 is changed.</source>
      <translation>PIN-код пользователя %1 изменён.</translation>
    </message>
    <message>
      <source>%1 can no longer log in.</source>
      <translation>%1 больше не может войти.</translation>
    </message>
  </context>
  <context>
    <name>BoardHint</name>
    <message>
      <source>No booths yet. The set-up assistant adds your shop, prices and booths in a few steps.</source>
      <translation>Кабин пока нет. Мастер настройки за несколько шагов добавит ваш магазин, цены и кабины.</translation>
    </message>
    <message>
      <source>Open the set-up assistant…</source>
      <translation>Открыть мастер настройки…</translation>
    </message>
  </context>
  <context>
    <name>CallsModel</name>
    <message>
      <source>answered</source>
      <translation>отвечен</translation>
    </message>
    <message>
      <source>no answer</source>
      <translation>нет ответа</translation>
    </message>
    <message>
      <source>busy</source>
      <translation>занято</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>ошибка</translation>
    </message>
    <message>
      <source>congestion</source>
      <translation>перегрузка</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>отменён</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Кассир</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>Номер</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Цена</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Итог</translation>
    </message>
    <message>
      <source>Seconds</source>
      <translation>Секунды</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Начало</translation>
    </message>
  </context>
  <context>
    <name>ReportsWindow</name>
    <message>
      <source>%1 min · revenue %2 · cost %3 · margin %4</source>
      <translation>%1 мин · выручка %2 · затраты %3 · маржа %4</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1, %2</translation>
    </message>
    <message>
      <source>(minutes)</source>
      <translation>(минуты)</translation>
    </message>
    <message>
      <source>Adjusted after Stop</source>
      <translation>Исправлено после «Стоп»</translation>
    </message>
    <message>
      <source>All booths</source>
      <translation>Все кабины</translation>
    </message>
    <message>
      <source>All cashiers</source>
      <translation>Все кассиры</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>Отвечен</translation>
    </message>
    <message>
      <source>Any result</source>
      <translation>Любой итог</translation>
    </message>
    <message>
      <source>Bill</source>
      <translation>Счёт</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Busy</source>
      <translation>Занято</translation>
    </message>
    <message>
      <source>Call billed outside a session</source>
      <translation>Звонок вне сеанса</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>Звонки</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Кассир</translation>
    </message>
    <message>
      <source>Custom</source>
      <translation>Свой период</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>Ожидалось</translation>
    </message>
    <message>
      <source>Extras</source>
      <translation>Товары</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Ошибка</translation>
    </message>
    <message>
      <source>Found</source>
      <translation>Найдено</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Загрузка…</translation>
    </message>
    <message>
      <source>Margin</source>
      <translation>Маржа</translation>
    </message>
    <message>
      <source>Margin %</source>
      <translation>Маржа %</translation>
    </message>
    <message>
      <source>Minutes</source>
      <translation>Минуты</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Режим</translation>
    </message>
    <message>
      <source>No answer</source>
      <translation>Нет ответа</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Примечание</translation>
    </message>
    <message>
      <source>Occupancy by hour</source>
      <translation>Загрузка по часам</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Открыть</translation>
    </message>
    <message>
      <source>PBX record not billed</source>
      <translation>Запись АТС не учтена</translation>
    </message>
    <message>
      <source>PDF (*.pdf);;CSV (*.csv)</source>
      <translation>PDF (*.pdf);;CSV (*.csv)</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>Оплачено</translation>
    </message>
    <message>
      <source>Per booth</source>
      <translation>По кабинам</translation>
    </message>
    <message>
      <source>Per day</source>
      <translation>По дням</translation>
    </message>
    <message>
      <source>Per destination</source>
      <translation>По направлениям</translation>
    </message>
    <message>
      <source>Per vendor</source>
      <translation>По поставщикам</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>Период</translation>
    </message>
    <message>
      <source>Prefix or destination</source>
      <translation>Префикс или направление</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>Проблема</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>Проблемы</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>Ссылка</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>Возвращено</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>Отчёты</translation>
    </message>
    <message>
      <source>Revenue</source>
      <translation>Выручка</translation>
    </message>
    <message>
      <source>Revenue per day</source>
      <translation>Выручка по дням</translation>
    </message>
    <message>
      <source>Save CSV</source>
      <translation>Сохранить CSV</translation>
    </message>
    <message>
      <source>Save PDF</source>
      <translation>Сохранить PDF</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>Сохранить как…</translation>
    </message>
    <message>
      <source>Save report as</source>
      <translation>Сохранить отчёт как</translation>
    </message>
    <message>
      <source>Saved: %1</source>
      <translation>Сохранено: %1</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Сохранение…</translation>
    </message>
    <message>
      <source>Session open past closing time</source>
      <translation>Сеанс открыт после закрытия</translation>
    </message>
    <message>
      <source>Session paid less than its bill</source>
      <translation>Сеанс оплачен меньше счёта</translation>
    </message>
    <message>
      <source>Session total differs from its calls</source>
      <translation>Сумма сеанса не равна его звонкам</translation>
    </message>
    <message>
      <source>Sessions</source>
      <translation>Сеансы</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>Показать</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Начало</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Конец</translation>
    </message>
    <message>
      <source>Takings</source>
      <translation>Касса</translation>
    </message>
    <message>
      <source>The report could not be made: %1</source>
      <translation>Отчёт не построен: %1</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>Этот месяц</translation>
    </message>
    <message>
      <source>This week</source>
      <translation>Эта неделя</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>Сегодня</translation>
    </message>
    <message>
      <source>Top destinations</source>
      <translation>Лучшие направления</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Итого</translation>
    </message>
    <message>
      <source>Vendor cost</source>
      <translation>Затраты поставщика</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Когда</translation>
    </message>
    <message>
      <source>Wholesale</source>
      <translation>Опт</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>Вчера</translation>
    </message>
    <message>
      <source>open</source>
      <translation>открыт</translation>
    </message>
    <message>
      <source>postpaid</source>
      <translation>постоплата</translation>
    </message>
    <message>
      <source>prepaid</source>
      <translation>предоплата</translation>
    </message>
    <message numerus="yes">
      <source>%n call(s)</source>
      <translation>
        <numerusform>%n звонок</numerusform>
        <numerusform>%n звонка</numerusform>
        <numerusform>%n звонков</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Problems (%n)</source>
      <translation>
        <numerusform>Проблемы (%n)</numerusform>
        <numerusform>Проблемы (%n)</numerusform>
        <numerusform>Проблемы (%n)</numerusform>
      </translation>
    </message>
    <message>
      <source>Balances</source>
      <translation>Балансы</translation>
    </message>
    <message>
      <source>Callshop customer</source>
      <translation>Клиент (колл-шоп)</translation>
    </message>
    <message>
      <source>Vendor</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <source>Party</source>
      <translation>Сторона</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Название</translation>
    </message>
    <message>
      <source>Opening</source>
      <translation>На начало</translation>
    </message>
    <message>
      <source>Movement</source>
      <translation>Движение</translation>
    </message>
    <message>
      <source>Closing</source>
      <translation>На конец</translation>
    </message>
  </context>
  <context>
    <name>ShiftDialog</name>
    <message>
      <source>Open shift</source>
      <translation>Открыть смену</translation>
    </message>
    <message>
      <source>Starting float (counted cash in the drawer)</source>
      <translation>Размен на начало (пересчитанные наличные в кассе)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Close shift (Z)</source>
      <translation>Закрыть смену (Z)</translation>
    </message>
    <message>
      <source>Counted: %1</source>
      <translation>Пересчитано: %1</translation>
    </message>
    <message>
      <source>Z report %1: expected %2, counted %3, difference %4</source>
      <translation>Z-отчёт %1: ожидается %2, пересчитано %3, расхождение %4</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Готово</translation>
    </message>
    <message>
      <source>X report, shift %1: expected cash %2</source>
      <translation>X-отчёт, смена %1: ожидается в кассе %2</translation>
    </message>
  </context>
  <context>
    <name>VoidReceiptDialog</name>
    <message>
      <source>Void receipt</source>
      <translation>Аннулировать чек</translation>
    </message>
    <message>
      <source>e.g. sold to the wrong booth</source>
      <translation>напр. пробили не ту кабину</translation>
    </message>
    <message>
      <source>The receipt's total is given back in cash. Needs the owner.</source>
      <translation>Сумма чека выдаётся наличными. Нужен владелец.</translation>
    </message>
    <message>
      <source>Receipt number</source>
      <translation>Номер чека</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Причина</translation>
    </message>
    <message>
      <source>Void</source>
      <translation>Аннулировать</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Give a reason.</source>
      <translation>Укажите причину.</translation>
    </message>
  </context>
  <context>
    <name>CashMovementDialog</name>
    <message>
      <source>Pay in</source>
      <translation>Внесение</translation>
    </message>
    <message>
      <source>Pay out</source>
      <translation>Выплата</translation>
    </message>
    <message>
      <source>Cash put into the drawer, and why.</source>
      <translation>Сколько наличных вносится в кассу и зачем.</translation>
    </message>
    <message>
      <source>Cash taken out of the drawer, and why.</source>
      <translation>Сколько наличных выплачено из кассы и зачем.</translation>
    </message>
    <message>
      <source>e.g. change from the bank</source>
      <translation>напр. размен из банка</translation>
    </message>
    <message>
      <source>e.g. bread for the shop</source>
      <translation>напр. хлеб для магазина</translation>
    </message>
    <message>
      <source>&amp;Amount</source>
      <translation>&amp;Сумма</translation>
    </message>
    <message>
      <source>&amp;Reason</source>
      <translation>&amp;Причина</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Paid in %1.</source>
      <translation>Внесено %1.</translation>
    </message>
    <message>
      <source>Paid out %1.</source>
      <translation>Выплачено %1.</translation>
    </message>
  </context>
  <context>
    <name>ReprintZDialog</name>
    <message>
      <source>Reprint Z report</source>
      <translation>Повторная печать Z-отчёта</translation>
    </message>
    <message>
      <source>&amp;Closed shifts</source>
      <translation>&amp;Закрытые смены</translation>
    </message>
    <message>
      <source>No shift has been closed yet.</source>
      <translation>Ещё ни одна смена не закрыта.</translation>
    </message>
    <message>
      <source>Reprint</source>
      <translation>Напечатать копию</translation>
    </message>
    <message>
      <source>Open PDF</source>
      <translation>Открыть PDF</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>Z %1 — %2, closed %3, difference %4</source>
      <translation>Z %1 — %2, закрыта %3, расхождение %4</translation>
    </message>
    <message>
      <source>A copy of Z report %1 is queued for the printer. PDF: %2</source>
      <translation>Копия Z-отчёта %1 поставлена в очередь печати. PDF: %2</translation>
    </message>
    <message>
      <source>No receipt printer is set up: Z report %1 is saved as a PDF: %2</source>
      <translation>Чековый принтер не настроен: Z-отчёт %1 сохранён в PDF: %2</translation>
    </message>
  </context>
  <context>
    <name>RefundDialog</name>
    <message>
      <source>Refund</source>
      <translation>Возврат</translation>
    </message>
    <message>
      <source>Gives cash back from this drawer for a stopped session. Needs the owner.</source>
      <translation>Возврат наличных из этой кассы за завершённый сеанс. Нужен владелец.</translation>
    </message>
    <message>
      <source>&amp;Session (its receipt)</source>
      <translation>&amp;Сеанс (его чек)</translation>
    </message>
    <message>
      <source>No stopped session holds cash to give back.</source>
      <translation>Нет завершённых сеансов, по которым можно вернуть деньги.</translation>
    </message>
    <message>
      <source>e.g. the line was cut</source>
      <translation>напр. связь оборвалась</translation>
    </message>
    <message>
      <source>&amp;Amount</source>
      <translation>С&amp;умма</translation>
    </message>
    <message>
      <source>&amp;Reason</source>
      <translation>&amp;Причина</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Готово</translation>
    </message>
    <message>
      <source>Receipt %1 · %2 · %3</source>
      <translation>Чек %1 · %2 · %3</translation>
    </message>
    <message>
      <source>paid %1, can give back %2</source>
      <translation>оплачено %1, можно вернуть %2</translation>
    </message>
    <message>
      <source>Pick a session first.</source>
      <translation>Сначала выберите сеанс.</translation>
    </message>
    <message>
      <source>Receipt %1: %2 given back in cash, %3 left to give back.</source>
      <translation>Чек %1: выдано наличными %2, можно ещё вернуть %3.</translation>
    </message>
  </context>
</TS>
